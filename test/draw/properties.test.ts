/** Issue 4's rules for the draw, as fast-check properties over random small counties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUOTA_KEYS, canonicalJson, drawLists, groupQuotas, rankOf, resolveSettings, type DrawInput, type DrawResult } from '../../shared/draw';
import { CAPPED, cappedSize, poolsFor, quotaKeyOf } from './oracle';
import { scenarioArb, shuffled } from './scenario';

const RUNS = { numRuns: 150 };

const each = (input: DrawInput, check: (result: DrawResult) => void) => check(drawLists(input));

describe('the daily draw', () => {
  it('gives byte-identical canonical JSON for the same inputs', () => {
    fc.assert(
      fc.property(scenarioArb, (input) => {
        expect(canonicalJson(drawLists(input))).toBe(canonicalJson(drawLists(input)));
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the registry, the settings or the recent checks', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (input, shuffleSeed) => {
        expect(canonicalJson(drawLists(shuffled(input, shuffleSeed)))).toBe(canonicalJson(drawLists(input)));
      }),
      RUNS,
    );
  });

  it('meets every quota the pool allows, and reports the exact shortfall when it does not', () => {
    fc.assert(
      fc.property(scenarioArb, (input) =>
        each(input, (result) => {
          const cap = resolveSettings(input.settings).perVillageCap;
          for (const g of result.groups) {
            const pools = poolsFor(input, result, g);
            const quotas = groupQuotas(resolveSettings(input.settings), g.groupId);
            expect(g.quotas).toEqual(quotas);
            for (const key of QUOTA_KEYS) {
              const pool = CAPPED.includes(key) ? cappedSize(pools[key], cap) : pools[key].length;
              const drawn = g.targets.filter((t) => quotaKeyOf(t) === key).length;
              expect(drawn, `${g.groupId} ${key}`).toBe(Math.min(quotas[key], pool));
              const shortfall = g.shortfalls.find((s) => s.kind === key);
              if (pool < quotas[key]) expect(shortfall).toEqual({ kind: key, quota: quotas[key], drawn, pool });
              else expect(shortfall).toBeUndefined();
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('never lists a target twice, within a group or across groups', () => {
    fc.assert(
      fc.property(scenarioArb, (input) =>
        each(input, (result) => {
          const ids = result.groups.flatMap((g) => g.targets.map((t) => t.id));
          expect(new Set(ids).size).toBe(ids.length);
        }),
      ),
      RUNS,
    );
  });

  it('draws only eligible candidates: never a recently checked household, an ineligible status, another area or an issue not marked rectified', () => {
    fc.assert(
      fc.property(scenarioArb, (input) =>
        each(input, (result) => {
          for (const g of result.groups) {
            const pools = poolsFor(input, result, g);
            for (const t of g.targets) {
              expect(pools[quotaKeyOf(t)].map((c) => c.id), `${g.groupId} ${t.id}`).toContain(t.refId);
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('holds the per-village cap for every capped kind', () => {
    fc.assert(
      fc.property(scenarioArb, (input) =>
        each(input, (result) => {
          const cap = resolveSettings(input.settings).perVillageCap;
          for (const g of result.groups) {
            for (const key of QUOTA_KEYS) {
              const limit = CAPPED.includes(key) ? cap : key === 'environment_villages' ? 1 : Infinity;
              const counts = new Map<string, number>();
              for (const t of g.targets.filter((t) => quotaKeyOf(t) === key)) counts.set(t.villageId, (counts.get(t.villageId) ?? 0) + 1);
              for (const [villageId, n] of counts) expect(n, `${g.groupId} ${key} ${villageId}`).toBeLessThanOrEqual(limit);
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('lets the lowest ranks win: a passed-over candidate ranks above every pick of its tier, or its village was full', () => {
    fc.assert(
      fc.property(scenarioArb, (input) =>
        each(input, (result) => {
          const cap = resolveSettings(input.settings).perVillageCap;
          for (const g of result.groups) {
            const pools = poolsFor(input, result, g);
            for (const key of QUOTA_KEYS) {
              const kind = key.startsWith('environment') ? 'environment' : (key as 'pairing_visit' | 'screening' | 'rectification');
              const picks = g.targets.filter((t) => quotaKeyOf(t) === key);
              const picked = new Set(picks.map((t) => t.refId));
              const perVillage = (v: string) => picks.filter((t) => t.villageId === v).length;
              const limit = CAPPED.includes(key) ? cap : Infinity;
              for (const c of pools[key].filter((c) => !picked.has(c.id))) {
                // Only picks from the same or a later tier could have taken its place.
                const rivals = picks.filter((t) => pools[key].find((p) => p.id === t.refId)!.tier >= c.tier);
                const worst = rivals.reduce((m, t) => (t.rank > m ? t.rank : m), '');
                const rank = rankOf(input.seed, input.date, kind, c.id);
                if (rank < worst) expect(perVillage(c.villageId), `${key} ${c.id}`).toBeGreaterThanOrEqual(limit);
              }
            }
          }
        }),
      ),
      RUNS,
    );
  });

  it('gives every target the rank anyone can recompute alone with rankOf', () => {
    fc.assert(
      fc.property(scenarioArb, (input) =>
        each(input, (result) => {
          for (const t of result.groups.flatMap((g) => g.targets)) {
            expect(t.rank).toBe(rankOf(input.seed, input.date, t.kind, t.refId));
            expect(t.reason).toContain(`排序值 0x${t.rank.slice(0, 8)}…`);
          }
        }),
      ),
      { numRuns: 50 },
    );
  });
});
