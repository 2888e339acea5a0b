/** The draw on the demo county (20,000 households, six groups), and its canonical form. */
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_KINDS } from '../../shared/checkKinds';
import { generateDemoCounty } from '../../shared/demo/generate';
import { DRAW_ALGORITHM, canonicalJson, drawLists, hashCanonical, rankOf } from '../../shared/draw';
import type { Registry } from '../../shared/registry';

const ZERO_SEED = '00'.repeat(32);
const seeds = ['01', '7f', 'c3', 'e9'].map((b) => b.repeat(32));
let registry: Registry;

beforeAll(() => {
  registry = generateDemoCounty();
});

describe('the draw on the demo county', () => {
  it('meets every default quota in every group, with no shortfall', () => {
    for (const seed of seeds) {
      const result = drawLists({ registry, date: '2019-02-12', seed });
      expect(result.groups.map((g) => g.groupId)).toEqual(registry.groups.map((g) => g.id).sort());
      for (const g of result.groups) {
        expect(g.shortfalls).toEqual([]);
        expect(g.targets.length).toBe(10 + 5 + 2 + 10 + 5);
      }
    }
  });

  it('lists targets by check kind, environment villages before their households, then by rank', () => {
    const { groups } = drawLists({ registry, date: '2019-02-12', seed: seeds[0]! });
    for (const g of groups) {
      const order = (t: (typeof g.targets)[number]) => CHECK_KINDS.indexOf(t.kind) * 2 + (t.refKind === 'village' ? 0 : 1);
      for (let i = 1; i < g.targets.length; i++) {
        const [a, b] = [g.targets[i - 1]!, g.targets[i]!];
        expect(order(a) < order(b) || (order(a) === order(b) && a.rank < b.rank), `${a.id} before ${b.id}`).toBe(true);
      }
    }
  });

  it('draws different lists on different days with the same seed', () => {
    const a = drawLists({ registry, date: '2019-02-12', seed: seeds[0]! });
    const b = drawLists({ registry, date: '2019-02-13', seed: seeds[0]! });
    expect(a.groups[0]!.targets.map((t) => t.id)).not.toEqual(b.groups[0]!.targets.map((t) => t.id));
  });

  it('leaves out households checked within the recent window, and only those', () => {
    const first = drawLists({ registry, date: '2019-02-12', seed: seeds[1]! });
    const drawnHouseholds = first.groups.flatMap((g) => g.targets.filter((t) => t.kind === 'pairing_visit').map((t) => t.refId));
    const recentlyChecked = Object.fromEntries(drawnHouseholds.map((id) => [id, '2019-02-06']));
    const within = drawLists({ registry, date: '2019-02-12', seed: seeds[1]!, recentlyChecked });
    const outside = drawLists({ registry, date: '2019-02-12', seed: seeds[1]!, recentlyChecked, settings: { recentDays: 5 } });
    const pairing = (r: typeof first) => r.groups.flatMap((g) => g.targets.filter((t) => t.kind === 'pairing_visit').map((t) => t.refId));
    expect(pairing(within).filter((id) => drawnHouseholds.includes(id))).toEqual([]);
    expect(pairing(outside)).toEqual(pairing(first));
  });

  it('pins one rank, so a change to the algorithm cannot pass unnoticed (and it is plain HMAC-SHA256)', () => {
    const want = 'c4c5d66bfc8625dd466a103bee052de661732794d694b236ea7b622bcd85bb0f';
    expect(rankOf(ZERO_SEED, '2019-02-12', 'pairing_visit', 'h1')).toBe(want);
    expect(createHmac('sha256', Buffer.alloc(32)).update('2019-02-12|pairing_visit|h1').digest('hex')).toBe(want);
    expect(DRAW_ALGORITHM).toBe('suicha-draw/1');
  });
});

describe('canonicalJson', () => {
  it('writes keys in sorted order at every depth, without whitespace or undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: '户' }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":"户","z":1}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(hashCanonical({ a: 1, b: 2 })).toBe(hashCanonical({ b: 2, a: 1 }));
  });

  it('refuses values JSON cannot carry rather than writing something ambiguous', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
