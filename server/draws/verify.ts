/**
 * Recomputes a day's published draws from the audit log and compares them byte for byte
 * (shared by `GET /api/draws/<date>/verify` and `npm run -s draw:verify`). For each draw:
 * the registry snapshot's bytes still hash to `registryHash`; the settings to `settingsHash`;
 * the stored result to `resultHash`; and `drawLists(stored input)` gives exactly the stored
 * result. For the draw in force it also checks that every group's sheet carries its list.
 */
import * as Y from 'yjs';
import { canonicalJson, DRAW_ALGORITHM, DrawInputInvalid, drawLists, type DrawResult } from '../../shared/draw';
import type { Difference, VerifyReport } from '../../shared/drawApi';
import type { Registry } from '../../shared/registry';
import { sheetDocName } from '../../shared/sheet';
import { diffResults } from './diffResult';
import { DrawLogCorrupt, type DrawRepo, type StoredDraw } from './repo';
import { sha256 } from './snapshot';

export interface VerifyDeps {
  repo: DrawRepo;
  /** A sheet as stored, or null when there is no such sheet. The caller destroys nothing: we do. */
  loadSheet(docName: string): Promise<Y.Doc | null>;
  now(): Date;
  /**
   * A registry already in memory whose canonical JSON hashes to `hash`. Only spares parsing:
   * the stored snapshot is still read and its bytes hashed.
   */
  knownRegistry?(hash: string): Registry | undefined;
}

/** Target ids listed per difference, at most. */
const LIST_MAX = 5;

type Registries = Map<string, Registry | 'missing' | 'corrupt'>;

async function registryFor(deps: VerifyDeps, hash: string, cache: Registries, diff: (code: Difference['code'], message: string) => void): Promise<Registry | null> {
  if (!cache.has(hash)) {
    const text = await deps.repo.snapshot(hash);
    cache.set(hash, text === null ? 'missing' : sha256(text) !== hash ? 'corrupt' : (deps.knownRegistry?.(hash) ?? (JSON.parse(text) as Registry)));
  }
  const r = cache.get(hash)!;
  if (r === 'missing') diff('snapshot_missing', `registry snapshot ${hash.slice(0, 12)}… is not stored`);
  else if (r === 'corrupt') diff('registry_hash', `registry snapshot ${hash.slice(0, 12)}… no longer hashes to its name: it was changed`);
  return typeof r === 'object' ? r : null;
}

async function checkDraw(deps: VerifyDeps, s: StoredDraw, cache: Registries): Promise<Difference[]> {
  const d = s.draw;
  const out: Difference[] = [];
  const diff = (code: Difference['code'], message: string, groupId?: string) => out.push({ seq: d.seq, code, message, ...(groupId ? { groupId } : {}) });
  if (sha256(s.resultJson) !== d.resultHash) diff('result_hash', 'the stored result no longer hashes to resultHash: it was changed');
  if (sha256(canonicalJson(d.settings)) !== d.settingsHash) diff('settings_hash', 'the stored settings no longer hash to settingsHash: they were changed');
  if (d.algorithm !== DRAW_ALGORITHM) {
    diff('algorithm', `drawn with ${d.algorithm}, this code is ${DRAW_ALGORITHM}: replay it with that version`);
    return out;
  }
  const registry = await registryFor(deps, d.registryHash, cache, diff);
  if (!registry) return out;
  let replay: DrawResult;
  try {
    replay = drawLists({ registry, date: d.date, seed: d.seed, settings: d.settings, recentlyChecked: d.recentlyChecked, awaitingRevisit: d.awaitingRevisit });
  } catch (e) {
    if (!(e instanceof DrawInputInvalid)) throw e;
    diff('input_invalid', `the stored input does not draw: ${e.message}`);
    return out;
  }
  if (canonicalJson(replay) !== s.resultJson) {
    let published: DrawResult | null = null;
    try {
      published = JSON.parse(s.resultJson) as DrawResult;
    } catch {
      diff('result', 'the stored result is not JSON');
    }
    if (published) for (const r of diffResults(published, replay)) diff('result', r.message, r.groupId);
  }
  return out;
}

/** The draw in force must be on every drawn group's sheet. */
async function checkSheets(deps: VerifyDeps, s: StoredDraw): Promise<Difference[]> {
  const out: Difference[] = [];
  for (const g of s.draw.result.groups) {
    const docName = sheetDocName(g.groupId, s.draw.date);
    const doc = await deps.loadSheet(docName);
    const diff = (code: Difference['code'], message: string) => out.push({ seq: s.draw.seq, code, groupId: g.groupId, message });
    if (!doc) {
      diff('sheet_missing', `${docName} does not exist`);
      continue;
    }
    try {
      const shown = doc.getMap('meta').get('drawSeq');
      if (shown !== s.draw.seq) diff('sheet_not_filled', `${docName} shows draw ${String(shown ?? 'none')}, not draw ${s.draw.seq}`);
      const root = doc.getMap<Y.Map<unknown>>('targets');
      const missing = g.targets.filter((t) => {
        const m = root.get(t.id);
        return !(m instanceof Y.Map) || m.get('kind') !== t.kind || m.get('refId') !== t.refId;
      });
      if (missing.length > 0) {
        const ids = missing.slice(0, LIST_MAX).map((t) => t.id).join(', ') + (missing.length > LIST_MAX ? ` and ${missing.length - LIST_MAX} more` : '');
        diff('sheet_target_missing', `${docName} lacks ${missing.length} drawn target(s): ${ids}`);
      }
    } finally {
      doc.destroy();
    }
  }
  return out;
}

/** null: no draw for the day (or no draw `seq`). */
export async function verifyDay(deps: VerifyDeps, date: string, seq?: number): Promise<VerifyReport | null> {
  const differences: Difference[] = [];
  let stored: StoredDraw[];
  try {
    stored = await deps.repo.list(date);
  } catch (e) {
    if (!(e instanceof DrawLogCorrupt)) throw e;
    return { date, ok: false, draws: [], differences: [{ seq: 0, code: 'sequence', message: e.message }], checkedAt: deps.now().toISOString() };
  }
  if (stored.length === 0) return null;
  stored.forEach((s, i) => {
    // An entry removed from, or slipped into, the append-only log breaks the numbering.
    const expected = i + 1;
    if (s.draw.seq !== expected || s.draw.supersedes !== (expected === 1 ? null : expected - 1) || s.draw.date !== date) {
      differences.push({ seq: s.draw.seq, code: 'sequence', message: `log entry ${expected} says seq ${s.draw.seq}, supersedes ${String(s.draw.supersedes)}, date ${s.draw.date}` });
    }
  });
  const chosen = seq === undefined ? stored : stored.filter((s) => s.draw.seq === seq);
  if (chosen.length === 0) return null;
  const cache: Registries = new Map();
  const draws: VerifyReport['draws'] = [];
  for (const s of chosen) {
    const found = await checkDraw(deps, s, cache);
    if (s === stored.at(-1)) found.push(...(await checkSheets(deps, s)));
    differences.push(...found);
    draws.push({ seq: s.draw.seq, ok: !differences.some((x) => x.seq === s.draw.seq), resultHash: s.draw.resultHash });
  }
  return { date, ok: differences.length === 0, draws, differences, checkedAt: deps.now().toISOString() };
}
