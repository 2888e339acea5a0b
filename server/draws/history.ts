/**
 * `recentlyChecked` for a draw: which households were checked on the sheets of the last
 * `recentDays` days (and the draw day itself, so a re-draw skips what was checked this
 * morning). Read from the sheets themselves — they are the record of what was done.
 */
import { addDays } from '../../shared/dates';
import { readTargets } from '../../shared/sheet';
import type { SheetRepo } from '../sheets/repo';
import type { RoomManager } from '../sync/rooms';

export interface HistoryDeps {
  sheets: SheetRepo;
  rooms: RoomManager;
}

/** Household id → the latest day (YYYY-MM-DD) one of its targets was checked. */
export async function recentlyChecked(deps: HistoryDeps, date: string, recentDays: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (recentDays <= 0) return out;
  for (let back = recentDays; back >= 0; back--) {
    const day = addDays(date, -back);
    for (const rec of await deps.sheets.forDay(day)) {
      const doc = await deps.rooms.snapshot(rec.docName);
      try {
        for (const t of readTargets(doc)) {
          // Days run oldest first, so a later check overwrites an earlier one.
          if (t.refKind === 'household' && t.checkedAt) out[t.refId] = day;
        }
      } finally {
        doc.destroy();
      }
    }
  }
  return out;
}
