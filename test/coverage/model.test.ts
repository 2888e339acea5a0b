/** [CV1]–[CV3] The event → state mapping: pure, no servers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../../shared/checkKinds';
import { CoverageModel, type FeatureChange } from '../../shared/coverage/model';
import { combineStates, targetState } from '../../shared/coverage/state';
import { StateCode, type CoverageSnapshot, type FeatureRef, type TargetCoverage } from '../../shared/coverage/types';
import { dayTotals, findingsFeed, groupProgress, memberPositions } from '../../shared/coverage/views';

const DATE = '2026-11-23';

function target(id: string, f: FeatureRef | null, s: TargetCoverage['s'], extra: Partial<TargetCoverage> = {}): TargetCoverage {
  return { id, kind: 'pairing_visit', ref: 'household', refId: id, label: `${id}户`, place: '城关镇 · 东风村', f, s, byId: null, by: null, at: null, loc: null, findings: [], ...extra };
}

function snapshot(groups: Record<string, TargetCoverage[]>, date = DATE): CoverageSnapshot {
  return {
    date,
    registry: 'r1',
    groups: Object.entries(groups).map(([groupId, targets]) => ({ groupId, groupName: groupId, quotas: DEFAULT_QUOTAS, members: [], targets })),
  };
}

const sorted = (c: FeatureChange[]) => c.slice().sort((a, b) => a.l.localeCompare(b.l) || a.i - b.i);

describe('[CV1] a target’s state follows its sheet entry', () => {
  it('goes drawn → being checked → checked → checked with a finding', () => {
    const base = { checkedAt: null, answered: 0, noteLength: 0, findings: 0 };
    expect(targetState(base)).toBe(StateCode.drawn);
    expect(targetState({ ...base, answered: 1 })).toBe(StateCode.active);
    expect(targetState({ ...base, noteLength: 3 })).toBe(StateCode.active);
    expect(targetState({ ...base, findings: 1 })).toBe(StateCode.active);
    expect(targetState({ ...base, checkedAt: '2026-11-23T02:00:00Z' })).toBe(StateCode.checked);
    expect(targetState({ ...base, checkedAt: '2026-11-23T02:00:00Z', findings: 2 })).toBe(StateCode.finding);
  });

  it('combines several targets on one dot: a finding shows, checked only when all are', () => {
    expect(combineStates([])).toBe(StateCode.none);
    expect(combineStates([1, 1])).toBe(StateCode.drawn);
    expect(combineStates([3, 1])).toBe(StateCode.active);
    expect(combineStates([3, 3])).toBe(StateCode.checked);
    expect(combineStates([1, 4])).toBe(StateCode.finding);
  });
});

describe('[CV2] snapshots and deltas become feature-state changes', () => {
  it('paints every drawn target of a snapshot and nothing else', () => {
    const m = new CoverageModel();
    const changes = m.applySnapshot(snapshot({ g1: [target('a', { l: 'h', i: 5 }, 1), target('b', { l: 'v', i: 2 }, 3), target('c', null, 1)] }));
    expect(sorted(changes)).toEqual([
      { l: 'h', i: 5, s: 1 },
      { l: 'v', i: 2, s: 3 },
    ]);
  });

  it('returns only the features whose painted state changes', () => {
    const m = new CoverageModel();
    m.applySnapshot(snapshot({ g1: [target('a', { l: 'h', i: 5 }, 1), target('b', { l: 'h', i: 6 }, 1)] }));
    expect(m.applyDelta({ date: DATE, groupId: 'g1', targets: [target('a', { l: 'h', i: 5 }, 3)], removed: [] })).toEqual([{ l: 'h', i: 5, s: 3 }]);
    // The same delta again changes nothing (deltas carry whole states: idempotent).
    expect(m.applyDelta({ date: DATE, groupId: 'g1', targets: [target('a', { l: 'h', i: 5 }, 3)], removed: [] })).toEqual([]);
  });

  it('a removed target clears its dot, and a second target on a dot keeps it painted', () => {
    const m = new CoverageModel();
    m.applySnapshot(snapshot({ g1: [target('a', { l: 'h', i: 5 }, 3), target('b', { l: 'h', i: 5 }, 1), target('c', { l: 'h', i: 7 }, 1)] }));
    expect(m.stateOf({ l: 'h', i: 5 })).toBe(StateCode.active);
    expect(m.applyDelta({ date: DATE, groupId: 'g1', targets: [], removed: ['b', 'c'] })).toEqual(
      expect.arrayContaining([
        { l: 'h', i: 5, s: 3 },
        { l: 'h', i: 7, s: 0 },
      ]),
    );
    expect(m.targetsAt({ l: 'h', i: 5 }).map((x) => x.target.id)).toEqual(['a']);
  });

  it('ignores a delta for another day, and asks for a resync on a group it does not know', () => {
    const m = new CoverageModel();
    m.applySnapshot(snapshot({ g1: [target('a', { l: 'h', i: 5 }, 1)] }));
    expect(m.applyDelta({ date: '2026-11-22', groupId: 'g1', targets: [target('a', { l: 'h', i: 5 }, 3)], removed: [] })).toEqual([]);
    expect(m.stale).toBe(false);
    expect(m.applyDelta({ date: DATE, groupId: 'g9', targets: [target('x', { l: 'h', i: 9 }, 3)], removed: [] })).toEqual([]);
    expect(m.stale).toBe(true);
  });

  it('a new day’s snapshot clears yesterday’s dots', () => {
    const m = new CoverageModel();
    m.applySnapshot(snapshot({ g1: [target('a', { l: 'h', i: 5 }, 3)] }));
    expect(sorted(m.applySnapshot(snapshot({ g1: [target('b', { l: 'h', i: 6 }, 1)] }, '2026-11-24')))).toEqual([
      { l: 'h', i: 5, s: 0 },
      { l: 'h', i: 6, s: 1 },
    ]);
  });
});

describe('[CV3] any sequence of deltas paints what a snapshot of the end state paints', () => {
  const feature = fc.record({ l: fc.constantFrom('h' as const, 'v' as const), i: fc.integer({ min: 0, max: 6 }) });
  const tgt = fc.record({ id: fc.constantFrom('t1', 't2', 't3', 't4', 't5'), f: fc.option(feature, { nil: null }), s: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<TargetCoverage['s']> });
  const delta = fc.record({ groupId: fc.constantFrom('g1', 'g2'), targets: fc.array(tgt, { maxLength: 4 }), removed: fc.array(fc.constantFrom('t1', 't2', 't3', 't4', 't5'), { maxLength: 2 }) });

  it('holds for random deltas (seeded)', () => {
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 30 }), (deltas) => {
        const live = new CoverageModel();
        live.applySnapshot(snapshot({ g1: [], g2: [] }));
        // What the map would show: start empty, apply each returned change.
        const map = new Map<string, number>();
        const paint = (cs: FeatureChange[]) => cs.forEach((c) => map.set(`${c.l}:${c.i}`, c.s));
        const truth: Record<string, Map<string, TargetCoverage>> = { g1: new Map(), g2: new Map() };
        for (const d of deltas) {
          const targets = d.targets.map((x) => target(x.id, x.f, x.s));
          // Within one delta a target appears once (the server sends each once).
          const unique = [...new Map(targets.map((x) => [x.id, x])).values()];
          const removed = d.removed.filter((id) => !unique.some((x) => x.id === id));
          paint(live.applyDelta({ date: DATE, groupId: d.groupId, targets: unique, removed }));
          for (const id of removed) truth[d.groupId]!.delete(id);
          for (const x of unique) truth[d.groupId]!.set(x.id, x);
        }
        const fresh = new CoverageModel();
        const expected = new Map<string, number>();
        fresh.applySnapshot(snapshot({ g1: [...truth.g1!.values()], g2: [...truth.g2!.values()] })).forEach((c) => expected.set(`${c.l}:${c.i}`, c.s));
        const shown = new Map([...map].filter(([, s]) => s !== 0));
        expect(shown).toEqual(expected);
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });
});

describe('panels derive from the model', () => {
  const m = new CoverageModel();
  m.applySnapshot({
    date: DATE,
    registry: 'r1',
    groups: [
      {
        groupId: 'g1',
        groupName: '第一督查组',
        quotas: DEFAULT_QUOTAS,
        members: [
          { id: 'u1', name: '周晓燕' },
          { id: 'u2', name: '吴海涛' },
        ],
        targets: [
          target('a', { l: 'h', i: 1 }, 3, { byId: 'u1', by: '周晓燕', at: '2026-11-23T02:00:00Z', loc: [116.7, 31.3] }),
          target('b', { l: 'h', i: 2 }, 4, {
            byId: 'u1',
            by: '周晓燕',
            at: '2026-11-23T03:00:00Z',
            loc: [116.8, 31.4],
            kind: 'screening',
            findings: [{ id: 'f1', category: 'identification', severity: 'high', text: '疑似漏评', by: '周晓燕', at: '2026-11-23T03:01:00Z' }],
          }),
          target('c', { l: 'h', i: 3 }, 1),
        ],
      },
    ],
  });
  const groups = [...m.groups.values()];

  it('quota bars count checked targets per kind against the quota', () => {
    const p = groupProgress(groups[0]!);
    expect(p.find((k) => k.kind === 'pairing_visit')).toEqual({ kind: 'pairing_visit', total: 2, checked: 1, quota: 10 });
    expect(p.find((k) => k.kind === 'screening')).toEqual({ kind: 'screening', total: 1, checked: 1, quota: 5 });
    expect(dayTotals(groups)).toEqual({ targets: 3, checked: 2, findings: 1 });
  });

  it('a member’s position is where their latest check was marked; others are listed without one', () => {
    const pos = memberPositions(groups);
    expect(pos.find((p) => p.userId === 'u1')).toMatchObject({ at: '2026-11-23T03:00:00Z', lngLat: [116.8, 31.4], checked: 2 });
    expect(pos.find((p) => p.userId === 'u2')).toMatchObject({ at: null, lngLat: null, checked: 0 });
  });

  it('the findings feed filters by group, kind and category', () => {
    expect(findingsFeed(groups).map((f) => f.id)).toEqual(['f1']);
    expect(findingsFeed(groups, { kind: 'pairing_visit' })).toEqual([]);
    expect(findingsFeed(groups, { category: 'funds' })).toEqual([]);
    expect(findingsFeed(groups, { groupId: 'g2' })).toEqual([]);
    expect(findingsFeed(groups, { groupId: 'g1', kind: 'screening', category: 'identification' })).toHaveLength(1);
  });
});
