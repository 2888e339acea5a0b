/**
 * The debrief, ledger and summary pages' routes (merged into the app router):
 *   /debrief/<docName>     the evening debrief of one sheet
 *   /problems              the three lists (?list=problems|rectification|responsibility and filters)
 *   /problems/<id>         one problem, its history and actions
 *   /summaries             nightly summaries (?date=YYYY-MM-DD)
 */
import { isDay } from '../../../../shared/dates';
import { PROBLEM_ID_RE } from '../../../../shared/problems/types';
import { parseSheetDocName } from '../../../../shared/sheet';

export type LedgerRoute =
  | { name: 'debrief'; docName: string }
  | { name: 'problems'; search: string }
  | { name: 'problem'; id: string }
  | { name: 'summaries'; date: string | null };

export function matchLedgerRoute(path: string, url: URL): LedgerRoute | null {
  if (path === '/problems') return { name: 'problems', search: url.search };
  if (path === '/summaries') {
    const d = url.searchParams.get('date');
    return { name: 'summaries', date: d && isDay(d) ? d : null };
  }
  const p = /^\/problems\/([^/]+)$/.exec(path);
  if (p && PROBLEM_ID_RE.test(p[1]!)) return { name: 'problem', id: p[1]! };
  const d = /^\/debrief\/([^/]+)$/.exec(path);
  if (d) {
    try {
      const docName = decodeURIComponent(d[1]!);
      if (parseSheetDocName(docName)) return { name: 'debrief', docName };
    } catch {
      return null; // malformed escape: not a route of ours
    }
  }
  return null;
}

export const debriefPath = (docName: string): string => `/debrief/${encodeURIComponent(docName)}`;
export const problemPath = (id: string): string => `/problems/${id}`;
export const problemsPath = (search = ''): string => `/problems${search}`;
export const summariesPath = (date?: string | null): string => (date ? `/summaries?date=${date}` : '/summaries');
