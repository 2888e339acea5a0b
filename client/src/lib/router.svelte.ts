/**
 * History-API router (paths, not hashes). Routes:
 *   /login                   log in (?next=<path> returns there)
 *   /                        my sheets for a day (?date=YYYY-MM-DD)
 *   /command                 reserved for the command-centre map; today's list for now
 *   /sheet/<docName>         one sheet (docName URL-encoded; ?t=<targetId> opens a target)
 *   /draws                   the county office's daily draw: preview, publish, every draw (?date=)
 *   /debrief/…, /problems, /problems/<id>, /summaries   see lib/ledger/routes.ts
 *   /admin, /admin/registry|import|reports|users          see lib/admin/routes.ts
 *   anything else            not found
 */
import { isDay } from '../../../shared/dates';
import { parseSheetDocName } from '../../../shared/sheet';
import { matchAdminRoute, type AdminRoute } from './admin/routes';
import { matchLedgerRoute, type LedgerRoute } from './ledger/routes';

export type Route =
  | { name: 'login'; next: string | null }
  | { name: 'today'; date: string | null }
  | { name: 'command'; date: string | null }
  | { name: 'draws'; date: string | null }
  | { name: 'sheet'; docName: string; targetId: string | null }
  | LedgerRoute
  | AdminRoute
  | { name: 'notFound' };

export function matchRoute(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = url.searchParams;
  const day = q.get('date');
  const date = day && isDay(day) ? day : null;
  if (path === '/login') {
    const next = q.get('next');
    // Only same-origin paths: never `//evil.example`.
    return { name: 'login', next: next && next.startsWith('/') && !next.startsWith('//') ? next : null };
  }
  if (path === '/') return { name: 'today', date };
  if (path === '/command') return { name: 'command', date };
  if (path === '/draws') return { name: 'draws', date };
  const ledger = matchLedgerRoute(path, url);
  if (ledger) return ledger;
  const admin = matchAdminRoute(path, url);
  if (admin) return admin;
  const m = /^\/sheet\/([^/]+)$/.exec(path);
  if (m) {
    let docName: string;
    try {
      docName = decodeURIComponent(m[1]!);
    } catch {
      return { name: 'notFound' };
    }
    if (parseSheetDocName(docName)) return { name: 'sheet', docName, targetId: q.get('t') };
  }
  return { name: 'notFound' };
}

export const sheetPath = (docName: string, targetId?: string | null): string =>
  `/sheet/${encodeURIComponent(docName)}` + (targetId ? `?t=${encodeURIComponent(targetId)}` : '');

export const todayPath = (date?: string | null): string => (date ? `/?date=${date}` : '/');

class Router {
  url = $state(new URL(window.location.href));
  route = $derived(matchRoute(this.url));

  constructor() {
    window.addEventListener('popstate', () => {
      this.url = new URL(window.location.href);
    });
  }

  /** `state` is kept in the history entry (e.g. to know a page was opened from a list). */
  navigate(to: string, opts: { replace?: boolean; state?: Record<string, unknown> } = {}): void {
    const next = new URL(to, window.location.origin);
    if (next.href === window.location.href && !opts.state) return;
    if (opts.replace) history.replaceState(opts.state ?? null, '', next);
    else history.pushState(opts.state ?? null, '', next);
    this.url = next;
  }

  /** The state stored with the current history entry. */
  get state(): Record<string, unknown> | null {
    const s: unknown = history.state;
    return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : null;
  }

  back(): void {
    history.back();
  }

  /** The current path with its query, for `?next=` after login. */
  get here(): string {
    return this.url.pathname + this.url.search;
  }

  /**
   * Intercepts clicks on same-origin `<a href>` so links navigate without a reload.
   * Modified clicks (new tab, download) and `target`/`download` links keep browser behaviour.
   */
  handleLinkClick = (e: MouseEvent): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.dataset.reload !== undefined) return;
    const href = a.getAttribute('href');
    if (!href || href.startsWith('#')) return;
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    this.navigate(url.pathname + url.search);
  };
}

export const router = new Router();
