/**
 * Fairness: over 2,000 days (2,000 fixed seeds) every eligible household of a small pool is
 * drawn about equally often — a chi-square goodness-of-fit test against the uniform.
 *
 * Setup: N = 24 paired households in 12 villages (2 each), quota k = 10, per-village cap 2, so
 * the cap never binds and every 10-of-24 subset should be equally likely. Each household is
 * then expected D·k/N = 2000·10/24 ≈ 833.3 times.
 *
 * Statistic: X² = Σ (Oᵢ − E)² / E over the N households. The counts sum to D·k, which removes
 * one degree of freedom: df = N − 1 = 23. One correction: each draw takes k *distinct*
 * households (sampling without replacement), so Var(Oᵢ) = D·(k/N)(1 − k/N), not the
 * multinomial's; X² is then distributed as (N − k)/(N − 1) · χ²(N − 1). We rescale X² by
 * (N − 1)/(N − k) and compare with the χ²(23) critical value for p = 0.001, 49.728 — so a fair
 * sampler fails this test one time in a thousand, and the seeds are fixed, so it never flakes.
 * Without the correction the test would be too lenient by a factor 23/14.
 */
import { describe, expect, it } from 'vitest';
import { drawLists, type DrawInput } from '../../shared/draw';
import { sha256Hex } from '../../shared/draw/sha256';
import type { Household, Registry, Village } from '../../shared/registry';

const DRAWS = 2000;
const N = 24;
const K = 10;
const CHI2_23_P001 = 49.728;

function smallCounty(): Registry {
  const villages: Village[] = Array.from({ length: N / 2 }, (_, i) => ({ id: `v${i + 1}`, townshipId: 't1', name: `村${i + 1}`, poorVillage: false, location: { lng: 117, lat: 31 } }));
  const households: Household[] = Array.from({ length: N }, (_, i) => ({
    id: `h${i + 1}`,
    villageId: `v${Math.floor(i / 2) + 1}`,
    head: `户主${i + 1}`,
    status: 'exited',
    edgeKinds: [],
    members: 3,
    measures: [],
    pairingContactId: `c${i + 1}`,
  }));
  return {
    county: { id: 'x', name: '测试县', bbox: [116, 30, 118, 32], timeZone: 'Asia/Shanghai' },
    townships: [{ id: 't1', name: '乡', kind: 'township' }],
    villages,
    households,
    contacts: households.map((h) => ({ id: h.pairingContactId!, name: '联系人', workUnit: '单位', householdIds: [h.id] })),
    issues: [],
    units: [],
    groups: [{ id: 'g1', name: '组', townshipIds: ['t1'] }],
  };
}

describe('fairness of the draw', () => {
  it('draws every eligible household with a frequency within the chi-square bound of uniform (p = 0.001, df = 23, corrected for sampling without replacement)', () => {
    const registry = smallCounty();
    const counts = new Map(registry.households.map((h) => [h.id, 0]));
    const settings: DrawInput['settings'] = {
      quotas: { pairing_visit: K, screening: 0, environment_villages: 0, environment_households: 0, rectification: 0 },
      perVillageCap: 2,
      recentDays: 0,
    };
    for (let d = 0; d < DRAWS; d++) {
      // Fixed, unrelated seeds: the SHA-256 of the day's number.
      const { groups } = drawLists({ registry, date: '2019-02-12', seed: sha256Hex(`uniformity-${d}`), settings });
      const targets = groups[0]!.targets;
      expect(targets).toHaveLength(K);
      for (const t of targets) counts.set(t.refId, counts.get(t.refId)! + 1);
    }
    const expected = (DRAWS * K) / N;
    const x2 = [...counts.values()].reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    const corrected = (x2 * (N - 1)) / (N - K);
    expect(corrected).toBeLessThan(CHI2_23_P001);
    // And no household is starved or favoured outright (a loose per-household sanity bound).
    for (const o of counts.values()) expect(Math.abs(o - expected)).toBeLessThan(5 * Math.sqrt(DRAWS * (K / N) * (1 - K / N)));
  });
});
