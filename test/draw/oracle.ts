/**
 * An independent, plain reading of issue 4's pools, used to judge the engine: for one group of
 * a draw result, who was eligible for each quota. Written from the issue text, not from the
 * engine, and deliberately naive (no indexes, no tiers, no laziness).
 */
import { addDays } from '../../shared/dates';
import { resolveSettings, type DrawInput, type DrawResult, type GroupDraw, type QuotaKey } from '../../shared/draw';
import { targetId } from '../../shared/sheet';

export interface Eligible {
  id: string;
  villageId: string;
  /** 0 for the first tier (edge households in screening), 1 for the next. */
  tier: number;
}

export type Pools = Record<QuotaKey, Eligible[]>;

export function poolsFor(input: DrawInput, result: DrawResult, group: GroupDraw): Pools {
  const r = input.registry;
  const settings = resolveSettings(input.settings);
  const g = (input.groups ?? r.groups).find((x) => x.id === group.groupId)!;
  const earlier = new Set(result.groups.filter((x) => x.groupId < group.groupId).flatMap((x) => x.targets.map((t) => t.id)));
  const inArea = new Set(r.villages.filter((v) => g.townshipIds.includes(v.townshipId)).map((v) => v.id));
  const cutoff = addDays(input.date, -settings.recentDays);
  const recent = (id: string) => {
    const last = input.recentlyChecked?.[id];
    return settings.recentDays > 0 && last !== undefined && last >= cutoff;
  };
  const households = r.households.filter((h) => inArea.has(h.villageId) && !recent(h.id));
  const drawnVillages = new Set(group.targets.filter((t) => t.refKind === 'village').map((t) => t.refId));
  const free = (kind: Parameters<typeof targetId>[0], id: string) => !earlier.has(targetId(kind, id));
  const hh = (h: { id: string; villageId: string }, tier = 0): Eligible => ({ id: h.id, villageId: h.villageId, tier });
  return {
    pairing_visit: households.filter((h) => h.pairingContactId && free('pairing_visit', h.id)).map((h) => hh(h)),
    screening: households.filter((h) => (h.status === 'edge' || h.status === 'ordinary') && free('screening', h.id)).map((h) => hh(h, h.status === 'edge' ? 0 : 1)),
    environment_villages: r.villages.filter((v) => inArea.has(v.id) && free('environment', v.id)).map((v) => ({ id: v.id, villageId: v.id, tier: 0 })),
    environment_households: households
      .filter((h) => drawnVillages.has(h.villageId) && (h.status === 'registered_poor' || h.status === 'exited') && free('environment', h.id))
      .map((h) => hh(h)),
    rectification: [
      ...r.issues.filter((i) => i.state === 'rectified' && inArea.has(i.villageId) && free('rectification', i.id)).map((i) => hh(i)),
      ...(input.awaitingRevisit ?? []).filter((p) => inArea.has(p.villageId) && free('rectification', p.problemId)).map((p) => hh({ id: p.problemId, villageId: p.villageId })),
    ],
  };
}

/** Which quota a drawn target counts against. */
export function quotaKeyOf(t: { kind: string; refKind: string }): QuotaKey {
  if (t.kind === 'environment') return t.refKind === 'village' ? 'environment_villages' : 'environment_households';
  return t.kind as QuotaKey;
}

/** Keys whose picks are held to `perVillageCap` (environment is spread by its village draw). */
export const CAPPED: readonly QuotaKey[] = ['pairing_visit', 'screening', 'rectification'];

export function cappedSize(pool: Eligible[], cap: number): number {
  const perVillage = new Map<string, number>();
  for (const c of pool) perVillage.set(c.villageId, (perVillage.get(c.villageId) ?? 0) + 1);
  return [...perVillage.values()].reduce((n, k) => n + Math.min(k, cap), 0);
}
