/** The provisional daily list: meets the quotas from the group's own townships, deterministically. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS, type CheckKind, type Quotas } from '../../shared/checkKinds';
import { generateDemoCounty } from '../../shared/demo/generate';
import { groupTownships, provisionalTargets } from '../../shared/provisional';
import { targetId, type TargetInit } from '../../shared/sheet';

const registry = generateDemoCounty();
const households = new Map(registry.households.map((h) => [h.id, h]));
const villages = new Map(registry.villages.map((v) => [v.id, v]));
const townships = new Map(registry.townships.map((t) => [t.id, t]));
const issues = new Map(registry.issues.map((i) => [i.id, i]));
const groupIds = registry.groups.map((g) => g.id);

const day = fc.date({ min: new Date('2019-01-01T00:00:00Z'), max: new Date('2021-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const quotas: fc.Arbitrary<Quotas> = fc.record({
  pairing_visit: fc.integer({ min: 0, max: 20 }),
  screening: fc.integer({ min: 0, max: 20 }),
  environment_villages: fc.integer({ min: 0, max: 4 }),
  environment_households: fc.integer({ min: 0, max: 20 }),
  rectification: fc.integer({ min: 0, max: 10 }),
});

const of = (list: TargetInit[], kind: CheckKind) => list.filter((t) => t.kind === kind);
const maxPerVillage = (list: TargetInit[]) => {
  const count = new Map<string, number>();
  for (const t of list) count.set(t.villageId, (count.get(t.villageId) ?? 0) + 1);
  return Math.max(0, ...count.values());
};

describe('provisionalTargets', () => {
  it('meets the default quotas for every group on any day', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groupIds), day, (g, date) => {
        const list = provisionalTargets(registry, g, date, DEFAULT_QUOTAS);
        expect(of(list, 'pairing_visit')).toHaveLength(10);
        expect(of(list, 'screening')).toHaveLength(5);
        expect(of(list, 'environment').filter((t) => t.refKind === 'village')).toHaveLength(2);
        expect(of(list, 'environment').filter((t) => t.refKind === 'household')).toHaveLength(10);
        expect(of(list, 'rectification')).toHaveLength(5);
      }),
      { numRuns: 40 },
    );
  });

  it('fills raised or lowered quotas exactly when the townships have enough targets', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groupIds), day, quotas, (g, date, q) => {
        const list = provisionalTargets(registry, g, date, q);
        expect(of(list, 'pairing_visit')).toHaveLength(q.pairing_visit);
        expect(of(list, 'screening')).toHaveLength(q.screening);
        // An extra village is allowed (quotas are minimums) when the drawn ones lack poor households.
        expect(of(list, 'environment').filter((t) => t.refKind === 'village').length).toBeGreaterThanOrEqual(q.environment_villages);
        expect(of(list, 'environment').filter((t) => t.refKind === 'household')).toHaveLength(q.environment_households);
        expect(of(list, 'rectification')).toHaveLength(q.rectification);
      }),
      { numRuns: 40 },
    );
  });

  it('adds a village when one village cannot supply the poor households asked for', () => {
    // In the seed-1 county no village of g1 has 20 registered households.
    const list = provisionalTargets(registry, 'g1', '2019-02-12', { ...DEFAULT_QUOTAS, environment_villages: 1, environment_households: 20 });
    expect(of(list, 'environment').filter((t) => t.refKind === 'village').length).toBeGreaterThan(1);
    expect(of(list, 'environment').filter((t) => t.refKind === 'household')).toHaveLength(20);
  });

  it('meets the default quotas in demo counties from other seeds too', () => {
    const others = [2, 3, 4].map((seed) => generateDemoCounty(seed));
    fc.assert(
      fc.property(fc.constantFrom(...others), fc.constantFrom(...groupIds), day, (r, g, date) => {
        const list = provisionalTargets(r, g, date, DEFAULT_QUOTAS);
        expect(list.map((t) => t.kind).sort()).toEqual(
          [...Array(10).fill('pairing_visit'), ...Array(5).fill('screening'), ...Array(12).fill('environment'), ...Array(5).fill('rectification')].sort(),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('never puts a target on a sheet twice, and ids are targetId(kind, refId)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groupIds), day, quotas, (g, date, q) => {
        const list = provisionalTargets(registry, g, date, q);
        expect(new Set(list.map((t) => t.id)).size).toBe(list.length);
        for (const t of list) expect(t.id).toBe(targetId(t.kind, t.refId));
      }),
      { numRuns: 40 },
    );
  });

  it("stays inside the group's townships, with place and village agreeing", () => {
    fc.assert(
      fc.property(fc.constantFrom(...groupIds), day, (g, date) => {
        const own = new Set(groupTownships(registry, g).map((t) => t.id));
        for (const t of provisionalTargets(registry, g, date, DEFAULT_QUOTAS)) {
          const v = villages.get(t.villageId)!;
          expect(own.has(t.townshipId)).toBe(true);
          expect(v.townshipId).toBe(t.townshipId);
          expect(t.place).toBe(`${townships.get(t.townshipId)!.name} · ${v.name}`);
          if (t.refKind === 'household') expect(households.get(t.refId)!.villageId).toBe(t.villageId);
          if (t.refKind === 'issue') expect(issues.get(t.refId)!.villageId).toBe(t.villageId);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('draws only eligible targets for each check, edge households first for screening', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groupIds), day, (g, date) => {
        const list = provisionalTargets(registry, g, date, DEFAULT_QUOTAS);
        for (const t of of(list, 'pairing_visit')) expect(households.get(t.refId)!.pairingContactId).toBeDefined();
        // Every group has far more than 5 edge households, so screening never reaches past them.
        for (const t of of(list, 'screening')) expect(households.get(t.refId)!.status).toBe('edge');
        const envVillages = new Set(of(list, 'environment').filter((t) => t.refKind === 'village').map((t) => t.refId));
        for (const t of of(list, 'environment').filter((t) => t.refKind === 'household')) {
          expect(['registered_poor', 'exited']).toContain(households.get(t.refId)!.status);
          expect(envVillages.has(t.villageId)).toBe(true);
        }
        for (const t of of(list, 'rectification')) expect(issues.get(t.refId)!.state).toBe('rectified');
      }),
      { numRuns: 30 },
    );
  });

  it('spreads households and issues over villages, at most 2 per village per check', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groupIds), day, (g, date) => {
        const list = provisionalTargets(registry, g, date, DEFAULT_QUOTAS);
        for (const kind of ['pairing_visit', 'screening', 'rectification'] as const) expect(maxPerVillage(of(list, kind))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 30 },
    );
  });

  it('gives the same list for the same group and day, and another list on another day', () => {
    const a = provisionalTargets(registry, 'g1', '2019-02-12', DEFAULT_QUOTAS);
    expect(provisionalTargets(registry, 'g1', '2019-02-12', DEFAULT_QUOTAS)).toEqual(a);
    expect(provisionalTargets(registry, 'g1', '2019-02-13', DEFAULT_QUOTAS)).not.toEqual(a);
  });

  it('labels households "<head>户" and villages by name, with a Chinese reason and the registered location', () => {
    const list = provisionalTargets(registry, 'g2', '2019-02-12', DEFAULT_QUOTAS);
    for (const t of list) {
      expect(t.reason).toMatch(/[\u4e00-\u9fff]/);
      if (t.refKind === 'household') {
        const h = households.get(t.refId)!;
        expect(t.label).toBe(`${h.head}户`);
        expect(t.registered).toEqual(h.location);
      }
      if (t.refKind === 'village') expect(t.label).toBe(villages.get(t.refId)!.name);
      if (t.refKind === 'issue') expect(Array.from(t.label).length).toBeLessThanOrEqual(30);
    }
    expect(of(list, 'screening')[0]!.reason).toMatch(/^边缘户:/);
    expect(of(list, 'rectification')[0]!.reason).toMatch(/^反馈问题已标记整改/);
  });

  it('gives an unknown group an empty list', () => {
    expect(provisionalTargets(registry, 'nope', '2019-02-12', DEFAULT_QUOTAS)).toEqual([]);
    expect(groupTownships(registry, 'nope')).toEqual([]);
  });
});
