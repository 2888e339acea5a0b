/**
 * `npm run bench:draw`: time of one day's draw (all six groups) for the demo county (~20,000
 * households) and for the same county scaled ×3 and ×10 (~60,000 and ~200,000 households: every
 * village replicated with new ids, groups unchanged, so each group's pools grow with it). Each
 * draw gets a different seed and a realistic recent-check map (the previous 7 days' lists).
 * Also measures the HMAC alone, to show what eager ranking of every pool would cost.
 */
import os from 'node:os';
import { generateDemoCounty } from '../shared/demo/generate';
import { addDays } from '../shared/dates';
import { canonicalJson, drawLists, validateDrawInput, type DrawInput } from '../shared/draw';
import { HmacKey, sha256Hex } from '../shared/draw/sha256';
import type { Registry } from '../shared/registry';
import { fmt, machine, percentile, writeSection } from './report';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;
const DATE = '2019-02-12';
const TARGET_MS_20K = 50;

/** The county with every village (and its households, contacts and issues) copied `factor` times. */
function scaled(r: Registry, factor: number): Registry {
  if (factor === 1) return r;
  const out: Registry = { ...r, villages: [], households: [], contacts: [], issues: [] };
  for (let k = 0; k < factor; k++) {
    const s = (id: string) => (k === 0 ? id : `${id}~${k}`);
    for (const v of r.villages) out.villages.push({ ...v, id: s(v.id), name: k === 0 ? v.name : `${v.name}${k}` });
    for (const h of r.households) out.households.push({ ...h, id: s(h.id), villageId: s(h.villageId), ...(h.pairingContactId ? { pairingContactId: s(h.pairingContactId) } : {}) });
    for (const c of r.contacts) out.contacts.push({ ...c, id: s(c.id), householdIds: c.householdIds.map(s) });
    for (const i of r.issues) out.issues.push({ ...i, id: s(i.id), villageId: s(i.villageId), ...(i.householdId ? { householdId: s(i.householdId) } : {}) });
  }
  return out;
}

const seedFor = (label: string) => sha256Hex(`bench-draw-${label}`);

/** Households on the previous seven days' lists, as the recent-check map a real day would have. */
function lastWeek(registry: Registry): Record<string, string> {
  const out: Record<string, string> = {};
  for (let d = 7; d >= 1; d--) {
    const day = addDays(DATE, -d);
    for (const g of drawLists({ registry, date: day, seed: seedFor(day) }).groups) {
      for (const t of g.targets) if (t.refKind === 'household') out[t.refId] = day;
    }
  }
  return out;
}

interface Row {
  households: number;
  villages: number;
  p50: number;
  p95: number;
  max: number;
  /** Median of `validateDrawInput` alone (part of every draw): duplicate-id checks over the registry. */
  validate: number;
  jsonKb: number;
}

function measure(registry: Registry): Row {
  const recentlyChecked = lastWeek(registry);
  const input = (i: number): DrawInput => ({ registry, date: DATE, seed: seedFor(`run-${i}`), recentlyChecked });
  for (let i = 0; i < WARMUP; i++) drawLists(input(-1 - i));
  const times: number[] = [];
  let last = drawLists(input(0));
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = drawLists(input(i));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const validation: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    validateDrawInput(input(i));
    validation.push(performance.now() - t0);
  }
  validation.sort((a, b) => a - b);
  return {
    households: registry.households.length,
    villages: registry.villages.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: times[times.length - 1]!,
    validate: percentile(validation, 50),
    jsonKb: canonicalJson(last).length / 1024,
  };
}

/** µs per HMAC of a typical rank message, with the key's pads absorbed once (as the draw does). */
function hmacMicros(count: number): number {
  const key = new HmacKey(new Uint8Array(32).fill(7));
  const msg = new TextEncoder().encode('2019-02-12|pairing_visit|h12345');
  const out = new Int32Array(8);
  for (let i = 0; i < 20_000; i++) key.digestInto(msg, msg.length, out);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) key.digestInto(msg, msg.length, out);
  return ((performance.now() - t0) * 1000) / count;
}

const base = generateDemoCounty();
const rows = [1, 3, 10].map((factor) => measure(scaled(base, factor)));
const hmac = hmacMicros(200_000);
const eager20k = (base.households.length * 4 * hmac) / 1000;

const table = rows.map((r) => `| ${r.households.toLocaleString('en')} | ${r.villages} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${fmt(r.validate)} | ${fmt(r.jsonKb, 0)} |`).join('\n');
const growth = rows.map((r) => fmt(r.p50 / rows[0]!.p50, 1)).join(' : ');
const md = `
## bench:draw — one day's random lists (drawLists, all six groups)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.
${RUNS} draws per size after ${WARMUP} warm-up draws, each with its own seed, default settings and
the previous 7 days' lists as recently-checked households. Sizes above 20,000 are the demo county
with every village replicated (same 6 groups, so pools grow ×3 and ×10).

| households | villages | median (ms) | p95 (ms) | max (ms) | of which validation, median (ms) | result JSON (KiB) |
|---|---|---|---|---|---|---|
${table}

Target: ≤ ${TARGET_MS_20K} ms for 20,000 households — ${rows[0]!.p95 <= TARGET_MS_20K ? 'met' : '**missed**'} (p95 ${fmt(rows[0]!.p95)} ms).
Growth of the median, 20k : 60k : 200k = ${growth}, for households ×1 : ×3 : ×10. The work is one
indexing pass and one duplicate-id check over the registry, then ranking and sorting only the pools
a quota reaches (they grow with each group's area); past ~60k the id sets and pools outgrow the CPU
caches, so time per household rises somewhat. The machine is shared: other jobs ran during the
measurement (load ≈ ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores), which shows in p95 and max.

HMAC-SHA256 per rank (pure JS, key pads precomputed): ${fmt(hmac, 3)} µs. Ranking every household
for all four kinds up front would cost 20,000 × 4 × that = ${fmt(eager20k, 1)} ms; the draw instead
ranks a tier only when the tiers before it cannot fill the quota (edge households almost always
fill screening, so the ~16,000 ordinary households are never hashed): about 4,600 ranks a day
for the demo county (~2,500 paired households, ~1,600 edge households, villages and issues).
`;
writeSection('draw', md);
console.log(md);
