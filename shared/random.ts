/**
 * A small seeded PRNG for the demo county and provisional lists. Math.random cannot be seeded,
 * and both must come out the same in Node and in every browser, so this uses only 32-bit integer
 * arithmetic (Math.imul, shifts) — no floating-point library calls whose last bits may differ.
 */

/** FNV-1a over UTF-16 code units: turns a text seed ("g1:2019-02-12") into a 32-bit state. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: one 32-bit state, good enough for sampling (not for secrets). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number | string) {
    this.next = mulberry32(typeof seed === 'string' ? hashSeed(seed) : seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Favours the front of the list (p(i) falls off like 1 - sqrt): for "common first" lists. */
  pickSkewed<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    const r = this.next();
    return items[Math.floor(r * r * items.length)]!;
  }

  /** Picks by integer weights, parallel to `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** Fisher–Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /** A point in the unit disc, by rejection (no trig: identical on every engine). */
  inDisc(): [number, number] {
    for (;;) {
      const x = this.next() * 2 - 1;
      const y = this.next() * 2 - 1;
      if (x * x + y * y <= 1) return [x, y];
    }
  }
}
