/**
 * The daily draw (四必查 lists, seed 001 三(一)): for each inspection group, the lowest-ranked
 * eligible candidates of each pool (issue 4). Pure: the same input gives the same result in
 * Node and the browser, whatever order the registry's arrays are in.
 *
 * Groups are drawn in id order and a target taken by one group is not offered to the next —
 * groups are normally disjoint by township, so this only matters when a township is shared.
 */
import { CHECK_KINDS, type CheckKind } from '../checkKinds';
import { addDays } from '../dates';
import type { FeedbackIssue, Household, InspectionGroup, PairingContact, Registry, Village } from '../registry';
import { hashCanonical } from './canonical';
import { Ranker } from './rank';
import { cappedPoolSize, pickLowest, type Candidate } from './select';
import {
  environmentHouseholdReason,
  householdTarget,
  issueTarget,
  pairingReason,
  problemTarget,
  screeningReason,
  villageTarget,
  type Places,
} from './targets';
import {
  DRAW_ALGORITHM,
  DrawInputInvalid,
  type AwaitingRevisit,
  type DrawInput,
  type DrawResult,
  type DrawSettings,
  type DrawnTarget,
  type GroupDraw,
  type QuotaKey,
  type Shortfall,
} from './types';
import { groupQuotas, resolveSettings, validateDrawInput } from './validate';

interface Index extends Places {
  villagesIn(townshipId: string): Village[];
  householdsIn(villageId: string): Household[];
  rectifiedIn(villageId: string): FeedbackIssue[];
  problemsIn(villageId: string): AwaitingRevisit[];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function indexRegistry(r: Registry, awaiting: AwaitingRevisit[]): Index {
  const townships = new Map(r.townships.map((t) => [t.id, t]));
  const villages = new Map(r.villages.map((v) => [v.id, v]));
  const villagesByTownship = new Map<string, Village[]>();
  for (const v of r.villages) push(villagesByTownship, v.townshipId, v);
  const rectifiedByVillage = new Map<string, FeedbackIssue[]>();
  for (const i of r.issues) if (i.state === 'rectified') push(rectifiedByVillage, i.villageId, i);
  const problemsByVillage = new Map<string, AwaitingRevisit[]>();
  for (const p of awaiting) push(problemsByVillage, p.villageId, p);
  // Only households an issue or problem points at are ever looked up by id; a map of all of
  // them would cost more than the ranking does.
  const wanted = new Set<string>();
  for (const list of [...rectifiedByVillage.values(), ...problemsByVillage.values()]) for (const x of list) if (x.householdId) wanted.add(x.householdId);
  const households = new Map<string, Household>();
  const householdsByVillage = new Map<string, Household[]>();
  for (const h of r.households) {
    push(householdsByVillage, h.villageId, h);
    if (wanted.has(h.id)) households.set(h.id, h);
  }
  // Contacts are looked up for the few pairing winners only: index them on first use.
  let contacts: Map<string, PairingContact> | undefined;
  return {
    township: (id) => townships.get(id),
    village: (id) => villages.get(id),
    household: (id) => households.get(id),
    contact: (id) => (contacts ??= new Map(r.contacts.map((c) => [c.id, c]))).get(id),
    villagesIn: (id) => villagesByTownship.get(id) ?? [],
    householdsIn: (id) => householdsByVillage.get(id) ?? [],
    rectifiedIn: (id) => rectifiedByVillage.get(id) ?? [],
    problemsIn: (id) => problemsByVillage.get(id) ?? [],
  };
}

interface Context {
  index: Index;
  settings: DrawSettings;
  rankers: Record<CheckKind, Ranker>;
  /** Households checked recently enough to be left out today. */
  recent: Set<string>;
  /** Per kind, the ref ids already drawn for an earlier group today. */
  taken: Record<CheckKind, Set<string>>;
}

interface VillageCandidate extends Candidate {
  village: Village;
}

type RectificationCandidate = Candidate & ({ issue: FeedbackIssue; problem?: never } | { problem: AwaitingRevisit; issue?: never });

function drawGroup(group: InspectionGroup, ctx: Context): GroupDraw {
  const { index, rankers, taken } = ctx;
  const quotas = groupQuotas(ctx.settings, group.id);
  const cap = ctx.settings.perVillageCap;
  const villages = [...new Set(group.townshipIds)].flatMap((t) => index.villagesIn(t));
  const fresh = (h: Household) => !ctx.recent.has(h.id);
  const free = (kind: CheckKind, id: string) => !taken[kind].has(id);

  // One pass over the group's households fills all household pools: it is the only loop that
  // touches every household, so it builds no per-candidate strings.
  const pairingPool: Household[] = [];
  const edgePool: Household[] = [];
  const ordinaryPool: Household[] = [];
  for (const v of villages) {
    for (const h of index.householdsIn(v.id)) {
      if (!fresh(h)) continue;
      if (h.pairingContactId !== undefined && free('pairing_visit', h.id)) pairingPool.push(h);
      if (h.status === 'edge' && free('screening', h.id)) edgePool.push(h);
      else if (h.status === 'ordinary' && free('screening', h.id)) ordinaryPool.push(h);
    }
  }
  const villageOf = (id: string) => index.village(id)!;
  const shortfalls: Shortfall[] = [];
  // The pool is counted only on a shortfall: counting it means a pass over every tier,
  // including the ones the draw never had to rank.
  const account = (kind: QuotaKey, drawn: number, pool: () => number) => {
    const quota = quotas[kind];
    if (drawn < quota) shortfalls.push({ kind, quota, drawn, pool: pool() });
  };

  // 结对帮扶走访: households with a pairing contact.
  const pairing = pickLowest([pairingPool], quotas.pairing_visit, cap, rankers.pairing_visit);
  account('pairing_visit', pairing.length, () => cappedPoolSize([pairingPool], cap));

  // 入户专班排查: edge households first, then ordinary (not registered) ones.
  const screeningTiers = [edgePool, ordinaryPool];
  const screening = pickLowest(screeningTiers, quotas.screening, cap, rankers.screening);
  account('screening', screening.length, () => cappedPoolSize(screeningTiers, cap));

  // 人居环境: villages, then registered (or exited) households inside the drawn villages.
  // The household draw has no per-village cap: it is confined to the drawn villages by design,
  // so a cap below quota ÷ villages would make the quota unreachable; every eligible household
  // in the drawn villages gets the same chance instead.
  const villagePool: VillageCandidate[] = villages.filter((v) => free('environment', v.id)).map((v) => ({ id: v.id, villageId: v.id, village: v }));
  const envVillages = pickLowest([villagePool], quotas.environment_villages, Infinity, rankers.environment);
  account('environment_villages', envVillages.length, () => villagePool.length);
  const envHouseholdPool = envVillages.flatMap(({ candidate }) =>
    index.householdsIn(candidate.id).filter((h) => (h.status === 'registered_poor' || h.status === 'exited') && fresh(h) && free('environment', h.id)),
  );
  const envHouseholds = pickLowest([envHouseholdPool], quotas.environment_households, Infinity, rankers.environment);
  account('environment_households', envHouseholds.length, () => envHouseholdPool.length);

  // 反馈问题销号: feedback issues marked rectified, and problems awaiting their re-visit.
  const rectPool: RectificationCandidate[] = [];
  for (const v of villages) {
    for (const issue of index.rectifiedIn(v.id)) if (free('rectification', issue.id)) rectPool.push({ id: issue.id, villageId: v.id, issue });
    for (const problem of index.problemsIn(v.id)) if (free('rectification', problem.problemId)) rectPool.push({ id: problem.problemId, villageId: v.id, problem });
  }
  const rectification = pickLowest([rectPool], quotas.rectification, cap, rankers.rectification);
  account('rectification', rectification.length, () => cappedPoolSize([rectPool], cap));

  const targets: DrawnTarget[] = [
    ...pairing.map(({ candidate: h, rank }) => householdTarget('pairing_visit', h, villageOf(h.villageId), rank, pairingReason(h, index), index)),
    ...screening.map(({ candidate: h, rank }) => householdTarget('screening', h, villageOf(h.villageId), rank, screeningReason(h), index)),
    ...envVillages.map(({ candidate, rank }) => villageTarget(candidate.village, rank, index)),
    ...envHouseholds.map(({ candidate: h, rank }) => {
      const v = villageOf(h.villageId);
      return householdTarget('environment', h, v, rank, environmentHouseholdReason(h, v), index);
    }),
    ...rectification.map(({ candidate: c, rank }) =>
      c.issue ? issueTarget(c.issue, villageOf(c.villageId), rank, index) : problemTarget(c.problem, villageOf(c.villageId), rank, index),
    ),
  ];
  for (const t of targets) taken[t.kind].add(t.refId);
  return { groupId: group.id, quotas, targets, shortfalls };
}

/**
 * Households last checked on or after `recentDays` days before `date`. "On or after" includes
 * the draw day itself, so a re-draw later the same day skips households already checked.
 */
function recentHouseholds(lastChecked: Record<string, string>, date: string, recentDays: number): Set<string> {
  const out = new Set<string>();
  if (recentDays <= 0) return out;
  const cutoff = addDays(date, -recentDays);
  for (const [id, last] of Object.entries(lastChecked)) if (last >= cutoff) out.add(id);
  return out;
}

/** Validates (throwing `DrawInputInvalid` with every problem found), then draws every group. */
export function drawLists(input: DrawInput): DrawResult {
  const errors = validateDrawInput(input);
  if (errors.length > 0) throw new DrawInputInvalid(errors);
  const settings = resolveSettings(input.settings);
  const seed = input.seed.toLowerCase();
  const rankers = Object.fromEntries(CHECK_KINDS.map((k) => [k, new Ranker(seed, input.date, k)])) as Record<CheckKind, Ranker>;
  const ctx: Context = {
    index: indexRegistry(input.registry, input.awaitingRevisit ?? []),
    settings,
    rankers,
    recent: recentHouseholds(input.recentlyChecked ?? {}, input.date, settings.recentDays),
    taken: Object.fromEntries(CHECK_KINDS.map((k) => [k, new Set<string>()])) as Record<CheckKind, Set<string>>,
  };
  const groups = (input.groups ?? input.registry.groups).slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    algorithm: DRAW_ALGORITHM,
    date: input.date,
    seed,
    settingsHash: hashCanonical(settings),
    groups: groups.map((g) => drawGroup(g, ctx)),
  };
}

