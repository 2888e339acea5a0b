/**
 * Random small counties for the draw's property tests, plus a shuffler that reorders every
 * array (and object key) without changing what the registry says.
 */
import fc from 'fast-check';
import type { Quotas } from '../../shared/checkKinds';
import { addDays } from '../../shared/dates';
import type { DrawInput } from '../../shared/draw';
import { Random } from '../../shared/random';
import { EDGE_KINDS, HOUSEHOLD_STATUSES, type FeedbackIssue, type Household, type InspectionGroup, type PairingContact, type Registry, type Village } from '../../shared/registry';

export const DATE = '2019-02-12';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);

const householdArb = fc.record({
  status: fc.constantFrom(...HOUSEHOLD_STATUSES),
  paired: fc.boolean(),
  edgeKinds: fc.subarray([...EDGE_KINDS], { minLength: 1, maxLength: 3 }),
  /** Days from the draw date of the last check, if any (positive = after it). */
  lastChecked: fc.option(fc.integer({ min: -15, max: 1 }), { nil: undefined }),
});

const villageArb = fc.record({
  township: fc.nat(),
  households: fc.array(householdArb, { maxLength: 14 }),
  issues: fc.array(fc.constantFrom('open', 'rectified', 'closed') as fc.Arbitrary<FeedbackIssue['state']>, { maxLength: 4 }),
  problems: fc.nat({ max: 2 }),
});

const quotaArb = fc.integer({ min: 0, max: 12 });
const quotasArb: fc.Arbitrary<Quotas> = fc.record({
  pairing_visit: quotaArb,
  screening: quotaArb,
  environment_villages: fc.integer({ min: 0, max: 4 }),
  environment_households: quotaArb,
  rectification: quotaArb,
});

export const scenarioArb: fc.Arbitrary<DrawInput> = fc
  .record({
    townships: fc.integer({ min: 1, max: 4 }),
    villages: fc.array(villageArb, { minLength: 1, maxLength: 10 }),
    groupCount: fc.integer({ min: 1, max: 3 }),
    /** Townships that also belong to the next group: the rare overlap the draw must handle. */
    shared: fc.array(fc.nat(), { maxLength: 2 }),
    quotas: quotasArb,
    override: fc.option(quotasArb.map((q) => ({ screening: q.screening, rectification: q.rectification })), { nil: undefined }),
    perVillageCap: fc.integer({ min: 1, max: 4 }),
    recentDays: fc.integer({ min: 0, max: 10 }),
    seed: seedArb,
  })
  .map((s): DrawInput => {
    const townships = Array.from({ length: s.townships }, (_, i) => ({ id: `t${i + 1}`, name: `乡${i + 1}`, kind: 'township' as const }));
    const villages: Village[] = [];
    const households: Household[] = [];
    const contacts: PairingContact[] = [];
    const issues: FeedbackIssue[] = [];
    const recentlyChecked: Record<string, string> = {};
    const awaitingRevisit: NonNullable<DrawInput['awaitingRevisit']> = [];
    s.villages.forEach((sv, vi) => {
      const v: Village = { id: `v${vi + 1}`, townshipId: `t${(sv.township % s.townships) + 1}`, name: `村${vi + 1}`, poorVillage: vi % 3 === 0, location: { lng: 117 + vi / 100, lat: 31 } };
      villages.push(v);
      for (const sh of sv.households) {
        const id = `h${households.length + 1}`;
        const h: Household = { id, villageId: v.id, head: `户主${id}`, status: sh.status, edgeKinds: sh.status === 'edge' ? sh.edgeKinds : [], members: 3, measures: [] };
        if (sh.paired) {
          const c = { id: `c${contacts.length + 1}`, name: `联系人${id}`, workUnit: '县扶贫办', householdIds: [id] };
          contacts.push(c);
          h.pairingContactId = c.id;
        }
        if (sh.lastChecked !== undefined) recentlyChecked[id] = addDays(DATE, sh.lastChecked);
        households.push(h);
      }
      for (const state of sv.issues) {
        const id = `i${issues.length + 1}`;
        issues.push({ id, villageId: v.id, source: '测试', description: `问题${id}`, responsibleUnitId: 'u1', state });
      }
      for (let k = 0; k < sv.problems; k++) awaitingRevisit.push({ problemId: `p${vi + 1}-${k}`, villageId: v.id, label: `待回访问题${vi + 1}-${k}` });
    });
    const groups: InspectionGroup[] = Array.from({ length: s.groupCount }, (_, i) => ({ id: `g${i + 1}`, name: `第${i + 1}组`, townshipIds: [] }));
    townships.forEach((t, i) => groups[i % s.groupCount]!.townshipIds.push(t.id));
    for (const n of s.shared) {
      const t = townships[n % townships.length]!;
      const g = groups[(n + 1) % groups.length]!;
      if (!g.townshipIds.includes(t.id)) g.townshipIds.push(t.id);
    }
    const registry: Registry = {
      county: { id: 'x', name: '测试县', bbox: [116, 30, 118, 32], timeZone: 'Asia/Shanghai' },
      townships,
      villages,
      households,
      contacts,
      issues,
      units: [{ id: 'u1', name: '单位' }],
      groups,
    };
    return {
      registry,
      date: DATE,
      seed: s.seed,
      settings: {
        quotas: s.quotas,
        perVillageCap: s.perVillageCap,
        recentDays: s.recentDays,
        ...(s.override ? { groupQuotas: { g1: s.override } } : {}),
      },
      recentlyChecked,
      awaitingRevisit,
    };
  });

function shuffleKeys<T>(rng: Random, o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(rng.shuffle(Object.entries(o)));
}

/** The same county and day with every array and key order shuffled. */
export function shuffled(input: DrawInput, shuffleSeed: number): DrawInput {
  const rng = new Random(shuffleSeed);
  const r = input.registry;
  return {
    ...input,
    registry: {
      ...r,
      townships: rng.shuffle(r.townships),
      villages: rng.shuffle(r.villages),
      households: rng.shuffle(r.households).map((h) => ({ ...h, edgeKinds: rng.shuffle(h.edgeKinds) })),
      contacts: rng.shuffle(r.contacts),
      issues: rng.shuffle(r.issues),
      groups: rng.shuffle(r.groups).map((g) => ({ ...g, townshipIds: rng.shuffle(g.townshipIds) })),
    },
    settings: input.settings && shuffleKeys(rng, input.settings as Record<string, unknown>),
    recentlyChecked: input.recentlyChecked && shuffleKeys(rng, input.recentlyChecked),
    awaitingRevisit: input.awaitingRevisit && rng.shuffle(input.awaitingRevisit),
  };
}
