/**
 * The provisional daily list: until the county office publishes an auditable draw, each group's
 * sheet is filled with a list that meets the quotas (seed 001 三(一)) from the group's own
 * townships. Deterministic for a group and day, so every server instance writes the same list.
 */
import type { CheckKind, Quotas } from './checkKinds';
import { EDGE_KIND_LABELS, type FeedbackIssue, type Household, type Registry, type Township, type Village } from './registry';
import { Random } from './random';
import { targetId, type TargetInit } from './sheet';

/** Per village and kind, when the group's townships allow it: a list should cover the area. */
const PER_VILLAGE = 2;
const LABEL_MAX = 30;

export function groupTownships(registry: Registry, groupId: string): Township[] {
  const group = registry.groups.find((g) => g.id === groupId);
  if (!group) return [];
  const ids = new Set(group.townshipIds);
  return registry.townships.filter((t) => ids.has(t.id));
}

/**
 * Takes `n` items, tier by tier in the given order, at most `cap` per key on a first pass; a
 * second pass drops the cap when the first could not fill the list.
 */
function pickSpread<T>(tiers: T[][], n: number, key: (t: T) => string, cap: number): T[] {
  const out: T[] = [];
  const taken = new Set<T>();
  const perKey = new Map<string, number>();
  for (const limit of [cap, Infinity]) {
    for (const tier of tiers) {
      for (const item of tier) {
        if (out.length >= n) return out;
        if (taken.has(item)) continue;
        const k = key(item);
        const c = perKey.get(k) ?? 0;
        if (c >= limit) continue;
        taken.add(item);
        perKey.set(k, c + 1);
        out.push(item);
      }
    }
  }
  return out;
}

const isRegistered = (h: Household) => h.status === 'registered_poor' || h.status === 'exited';

function statusReason(h: Household): string {
  switch (h.status) {
    case 'registered_poor':
      return '贫困户(未脱贫)';
    case 'exited':
      return h.exitYear ? `贫困户(已脱贫${h.exitYear}年)` : '贫困户(已脱贫)';
    case 'edge':
      return `边缘户:${h.edgeKinds.map((k) => EDGE_KIND_LABELS[k].zh).join('、')}`;
    case 'ordinary':
      return '一般农户';
  }
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

export function provisionalTargets(registry: Registry, groupId: string, date: string, quotas: Quotas): TargetInit[] {
  const townships = groupTownships(registry, groupId);
  const townshipById = new Map(townships.map((t) => [t.id, t]));
  const villages = registry.villages.filter((v) => townshipById.has(v.townshipId));
  const villageById = new Map(villages.map((v) => [v.id, v]));
  const villageOrder = new Map(villages.map((v, i) => [v.id, i]));
  const households = registry.households.filter((h) => villageById.has(h.villageId));
  const contactById = new Map(registry.contacts.map((c) => [c.id, c]));
  // One stream per kind: changing one quota does not reshuffle the other lists.
  const rng = (kind: CheckKind) => new Random(`${groupId}:${date}:${kind}`);

  const place = (v: Village) => `${townshipById.get(v.townshipId)!.name} · ${v.name}`;
  const householdTarget = (kind: CheckKind, h: Household, reason: string): TargetInit => {
    const v = villageById.get(h.villageId)!;
    return {
      id: targetId(kind, h.id),
      kind,
      refKind: 'household',
      refId: h.id,
      label: `${h.head}户`,
      place: place(v),
      townshipId: v.townshipId,
      villageId: v.id,
      ...(h.location ? { registered: h.location } : {}),
      reason,
    };
  };
  const byVillage = (x: { villageId: string }) => x.villageId;

  const pairing = pickSpread([rng('pairing_visit').shuffle(households.filter((h) => h.pairingContactId))], quotas.pairing_visit, byVillage, PER_VILLAGE).map((h) => {
    const c = contactById.get(h.pairingContactId!);
    return householdTarget('pairing_visit', h, c ? `有结对帮扶联系人:${c.name}(${c.workUnit})` : '有结对帮扶联系人');
  });

  const screeningRng = rng('screening');
  const edge = screeningRng.shuffle(households.filter((h) => h.status === 'edge'));
  const others = screeningRng.shuffle(households.filter((h) => h.status === 'ordinary'));
  const screening = pickSpread([edge, others], quotas.screening, byVillage, PER_VILLAGE).map((h) => householdTarget('screening', h, statusReason(h)));

  const environment = environmentTargets(rng('environment'), villages, households, quotas, place, householdTarget);

  const rectified = registry.issues.filter((i) => i.state === 'rectified' && villageById.has(i.villageId));
  const householdById = new Map(households.map((h) => [h.id, h]));
  const rectification = pickSpread([rng('rectification').shuffle(rectified)], quotas.rectification, byVillage, PER_VILLAGE).map((i): TargetInit => {
    const v = villageById.get(i.villageId)!;
    const at = (i.householdId && householdById.get(i.householdId)?.location) || v.location;
    return {
      id: targetId('rectification', i.id),
      kind: 'rectification',
      refKind: 'issue',
      refId: i.id,
      label: truncate(i.description, LABEL_MAX),
      place: place(v),
      townshipId: v.townshipId,
      villageId: v.id,
      registered: at,
      reason: issueReason(i),
    };
  });

  // Listed in registry order (township, village), the order a group walks its area in.
  const order = (t: TargetInit) => villageOrder.get(t.villageId) ?? 0;
  const sorted = (list: TargetInit[]) => list.slice().sort((a, b) => order(a) - order(b) || Number(b.refKind === 'village') - Number(a.refKind === 'village'));
  return [...sorted(pairing), ...sorted(screening), ...sorted(environment), ...sorted(rectification)];
}

function issueReason(i: FeedbackIssue): string {
  return `反馈问题已标记整改(${i.source})`;
}

/**
 * Villages first — preferring ones with enough registered households to fill the household
 * quota, one per township while possible — then those households, alternating between villages.
 * This is the one list that may run over its quota (an extra village when the chosen ones have
 * too few poor households).
 */
function environmentTargets(
  rng: Random,
  villages: Village[],
  households: Household[],
  quotas: Quotas,
  place: (v: Village) => string,
  householdTarget: (kind: CheckKind, h: Household, reason: string) => TargetInit,
): TargetInit[] {
  const registeredIn = new Map<string, Household[]>();
  for (const h of households) {
    if (!isRegistered(h)) continue;
    const list = registeredIn.get(h.villageId);
    if (list) list.push(h);
    else registeredIn.set(h.villageId, [h]);
  }
  const supply = (v: Village) => registeredIn.get(v.id)?.length ?? 0;
  const need = quotas.environment_villages > 0 ? Math.ceil(quotas.environment_households / quotas.environment_villages) : 0;
  const shuffled = rng.shuffle(villages);
  const ranked = pickSpread([shuffled.filter((v) => supply(v) >= need), shuffled.filter((v) => supply(v) < need)], villages.length, (v) => v.townshipId, 1);
  const chosen = ranked.slice(0, quotas.environment_villages);
  // Quotas are minimums: when the chosen villages cannot supply the households, add a village.
  let supplied = chosen.reduce((n, v) => n + supply(v), 0);
  for (let i = chosen.length; chosen.length > 0 && supplied < quotas.environment_households && i < ranked.length; i++) {
    chosen.push(ranked[i]!);
    supplied += supply(ranked[i]!);
  }

  const villageTargets = chosen.map(
    (v): TargetInit => ({
      id: targetId('environment', v.id),
      kind: 'environment',
      refKind: 'village',
      refId: v.id,
      label: v.name,
      place: place(v),
      townshipId: v.townshipId,
      villageId: v.id,
      registered: v.location,
      reason: v.poorVillage ? '人居环境抽查村(贫困村)' : '人居环境抽查村',
    }),
  );

  // Without chosen villages (a quota of 0 villages) the households come from the whole area.
  const pools = chosen.length > 0 ? chosen.map((v) => rng.shuffle(registeredIn.get(v.id) ?? [])) : [rng.shuffle([...registeredIn.values()].flat())];
  const picked: Household[] = [];
  for (let round = 0; picked.length < quotas.environment_households; round++) {
    const before = picked.length;
    for (const pool of pools) {
      const h = pool[round];
      if (h && picked.length < quotas.environment_households) picked.push(h);
    }
    if (picked.length === before && pools.every((p) => round >= p.length)) break;
  }
  return [...villageTargets, ...picked.map((h) => householdTarget('environment', h, statusReason(h)))];
}
