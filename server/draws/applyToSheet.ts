/**
 * Puts a published draw on a group's sheet (pure Yjs, no I/O; run inside `rooms.change`).
 *
 * - The drawn targets are added; one already on the sheet keeps everything typed on it and
 *   takes the draw's reason (its eligibility and rank).
 * - Targets of the list this draw replaces (the provisional list, or an earlier draw) go only
 *   if nobody touched them: no answer, no note, no finding, no photo, not checked. A touched
 *   one stays, marked `superseded: true` (README, sheet contract), so typed work is never lost.
 * - Targets that came from elsewhere (a re-visit the county office scheduled) are left alone.
 * - A sheet that already shows a later draw is not rolled back (two publishes racing).
 *
 * Known limit: a phone that typed on a target offline, unseen by the server, can lose that
 * edit if a re-draw removes the target before the phone reconnects (the edit lands in a deleted
 * map). Publishing happens before field work; a re-draw later in the day is a deliberate act
 * with a written reason, and the admin page says so.
 */
import * as Y from 'yjs';
import type { Quotas } from '../../shared/checkKinds';
import { addTargets, type TargetInit } from '../../shared/sheet';

export interface SheetDraw {
  seq: number;
  seed: string;
  publishedAt: string;
  quotas: Quotas;
  targets: TargetInit[];
  /** Ids of targets of the lists this draw replaces. */
  replaces: ReadonlySet<string>;
}

export interface ApplyOutcome {
  applied: boolean;
  added: number;
  removed: number;
  /** Replaced targets kept because someone worked on them. */
  kept: number;
  /** Targets on the sheet afterwards. */
  total: number;
}

/** Anything unexpected counts as content: when in doubt, a target is kept. */
function empty(v: unknown): boolean {
  if (v instanceof Y.Map) return v.size === 0;
  if (v instanceof Y.Array || v instanceof Y.Text) return v.length === 0;
  return v === undefined || v === null;
}

/** Nobody has answered, typed, photographed or checked anything on this target. */
export function untouched(m: Y.Map<unknown>): boolean {
  return ['answers', 'note', 'findings', 'photos', 'checkedAt', 'checkedBy', 'location'].every((k) => empty(m.get(k)));
}

/** Sets a key only when the value differs, so re-applying a draw writes no update at all. */
function put(m: Y.Map<unknown>, key: string, value: unknown): void {
  const cur = m.get(key);
  const same = typeof value === 'object' && value !== null ? JSON.stringify(cur) === JSON.stringify(value) : cur === value;
  if (!same) m.set(key, value);
}

export function applyDraw(doc: Y.Doc, d: SheetDraw): ApplyOutcome {
  const root = doc.getMap<Y.Map<unknown>>('targets');
  const meta = doc.getMap<unknown>('meta');
  const out: ApplyOutcome = { applied: false, added: 0, removed: 0, kept: 0, total: root.size };
  const shown = meta.get('drawSeq');
  if (typeof shown === 'number' && shown > d.seq) return out;
  doc.transact(() => {
    out.added = addTargets(doc, d.targets);
    const wanted = new Set<string>();
    for (const t of d.targets) {
      wanted.add(t.id);
      const m = root.get(t.id);
      if (!(m instanceof Y.Map)) continue;
      put(m, 'reason', t.reason);
      if (m.has('superseded')) m.delete('superseded');
    }
    for (const id of d.replaces) {
      const m = root.get(id);
      if (wanted.has(id) || !(m instanceof Y.Map)) continue;
      if (untouched(m)) {
        root.delete(id);
        out.removed++;
      } else {
        put(m, 'superseded', true);
        out.kept++;
      }
    }
    put(meta, 'source', 'draw');
    put(meta, 'quotas', d.quotas);
    put(meta, 'drawSeq', d.seq);
    put(meta, 'seed', d.seed);
    put(meta, 'drawnAt', d.publishedAt);
  });
  out.applied = true;
  out.total = root.size;
  return out;
}
