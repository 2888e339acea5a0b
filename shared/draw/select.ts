/**
 * The one selection rule every pool uses: walk the candidates in rank order (lowest first),
 * tier by tier, skipping any whose village already holds `cap` picks of this kind, until the
 * quota is met. Greedy is exact here: a skipped candidate's village is full, so the number drawn
 * is always min(quota, Σ over villages of min(cap, eligible there)) — which is how the pool size
 * in a shortfall is counted without ranking anything.
 */
import type { Ranker } from './rank';

export interface Candidate {
  /** What is ranked: a household, village, issue or problem id. */
  id: string;
  villageId: string;
}

export interface Pick<C extends Candidate> {
  candidate: C;
  rank: string;
}

interface Keyed<C> {
  c: C;
  key: number;
}

/** Rank order: the 53-bit prefix, then the full hex on a prefix tie (practically never). */
function sortByRank<C extends Candidate>(cands: readonly C[], ranker: Ranker): C[] {
  const keyed: Keyed<C>[] = cands.map((c) => ({ c, key: ranker.sortKey(c.id) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) return a.key - b.key;
    const ha = ranker.hex(a.c.id);
    const hb = ranker.hex(b.c.id);
    if (ha !== hb) return ha < hb ? -1 : 1;
    // Same rank means the same id (validation refuses duplicates); keep the sort total anyway.
    return a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0;
  });
  return keyed.map((k) => k.c);
}

/** How many of `tiers` could be drawn at most `cap` per village. */
export function cappedPoolSize(tiers: readonly (readonly Candidate[])[], cap: number): number {
  if (!Number.isFinite(cap)) return tiers.reduce((n, t) => n + t.length, 0);
  const perVillage = new Map<string, number>();
  for (const tier of tiers) for (const c of tier) perVillage.set(c.villageId, (perVillage.get(c.villageId) ?? 0) + 1);
  let n = 0;
  for (const count of perVillage.values()) n += Math.min(cap, count);
  return n;
}

/**
 * Picks up to `quota` candidates. A later tier is ranked only when the earlier ones could not
 * fill the quota (most days the edge households fill screening, so the far larger ordinary tier
 * is never hashed); this changes no result, only the work done.
 */
export function pickLowest<C extends Candidate>(tiers: readonly (readonly C[])[], quota: number, cap: number, ranker: Ranker): Pick<C>[] {
  const picks: Pick<C>[] = [];
  if (quota <= 0) return picks;
  const perVillage = new Map<string, number>();
  for (const tier of tiers) {
    for (const c of sortByRank(tier, ranker)) {
      const n = perVillage.get(c.villageId) ?? 0;
      if (n >= cap) continue;
      perVillage.set(c.villageId, n + 1);
      picks.push({ candidate: c, rank: ranker.hex(c.id) });
      if (picks.length >= quota) return picks;
    }
  }
  return picks;
}
