/**
 * Says in words how a published result differs from its replay, so a failed verification names
 * the group and the target instead of "bytes differ". Pure.
 */
import { canonicalJson, type DrawResult, type DrawnTarget, type GroupDraw } from '../../shared/draw';

/** Per group, at most this many target lines; the rest are counted. */
const MAX_LINES = 10;

export interface ResultDifference {
  groupId?: string;
  message: string;
}

const show = (v: unknown): string => {
  const s = v === undefined ? 'nothing' : canonicalJson(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

function targetLines(groupId: string, published: DrawnTarget[], replay: DrawnTarget[]): string[] {
  const lines: string[] = [];
  const pub = new Map(published.map((t) => [t.id, t]));
  const rep = new Map(replay.map((t) => [t.id, t]));
  for (const [id, t] of pub) {
    const r = rep.get(id);
    if (!r) {
      lines.push(`group ${groupId}: published target ${id} (${t.label}) is not in the recomputed list`);
      continue;
    }
    const keys = [...new Set([...Object.keys(t), ...Object.keys(r)])].sort();
    for (const k of keys) {
      const a = (t as unknown as Record<string, unknown>)[k];
      const b = (r as unknown as Record<string, unknown>)[k];
      if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) lines.push(`group ${groupId}: target ${id} ${k}: published ${show(a)}, recomputed ${show(b)}`);
    }
  }
  for (const [id, r] of rep) if (!pub.has(id)) lines.push(`group ${groupId}: recomputed target ${id} (${r.label}) is missing from the published list`);
  if (lines.length === 0 && published.map((t) => t.id).join() !== replay.map((t) => t.id).join()) {
    lines.push(`group ${groupId}: the same targets in a different order`);
  }
  return lines;
}

function groupLines(published: GroupDraw, replay: GroupDraw): ResultDifference[] {
  const groupId = published.groupId;
  const lines: string[] = [];
  if (canonicalJson(published.quotas) !== canonicalJson(replay.quotas)) lines.push(`group ${groupId}: quotas published ${show(published.quotas)}, recomputed ${show(replay.quotas)}`);
  lines.push(...targetLines(groupId, published.targets ?? [], replay.targets));
  if (canonicalJson(published.shortfalls ?? null) !== canonicalJson(replay.shortfalls)) {
    lines.push(`group ${groupId}: shortfalls published ${show(published.shortfalls)}, recomputed ${show(replay.shortfalls)}`);
  }
  const shown = lines.slice(0, MAX_LINES).map((message) => ({ groupId, message }));
  if (lines.length > MAX_LINES) shown.push({ groupId, message: `group ${groupId}: and ${lines.length - MAX_LINES} more differences` });
  return shown;
}

export function diffResults(published: DrawResult, replay: DrawResult): ResultDifference[] {
  const out: ResultDifference[] = [];
  for (const k of ['algorithm', 'date', 'seed', 'settingsHash'] as const) {
    if (published[k] !== replay[k]) out.push({ message: `${k}: published ${show(published[k])}, recomputed ${show(replay[k])}` });
  }
  const pub = new Map((published.groups ?? []).map((g) => [g.groupId, g]));
  const rep = new Map(replay.groups.map((g) => [g.groupId, g]));
  for (const [id, g] of pub) {
    const r = rep.get(id);
    if (r) out.push(...groupLines(g, r));
    else out.push({ groupId: id, message: `group ${id} is in the published draw but not in the recomputed one` });
  }
  for (const id of rep.keys()) if (!pub.has(id)) out.push({ groupId: id, message: `group ${id} was drawn by the replay but is missing from the published draw` });
  if (out.length === 0 && canonicalJson(published) !== canonicalJson(replay)) out.push({ message: 'the published result differs from the recomputed one' });
  return out;
}
