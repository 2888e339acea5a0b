/**
 * What the app keeps in localStorage so it still works with no network: the last user and each
 * day's sheet list (and group member lists). Never the session token — the HttpOnly cookie
 * carries auth. Sheet contents live in IndexedDB (y-indexeddb), not here.
 */
import type { SheetInfo } from '../../../shared/api';
import type { PublicUser } from '../../../shared/roles';
import type { GroupInfo } from './api';

const PREFIX = 'suicha.';
const USER_KEY = `${PREFIX}user`;
const SHEETS_PREFIX = `${PREFIX}sheets.`;
const GROUP_PREFIX = `${PREFIX}group.`;
/** Key of the list the server returned for "today" when the client asked without a date. */
const TODAY = 'today';

export interface Cached<T> {
  value: T;
  savedAt: string;
}

function read<T>(key: string): Cached<T> | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Cached<T>) : null;
  } catch {
    return null; // blocked storage or a corrupt entry: behave as if nothing is cached
  }
}

function write<T>(key: string, value: T): void {
  try {
    localStorage.setItem(key, JSON.stringify({ value, savedAt: new Date().toISOString() } satisfies Cached<T>));
  } catch (err) {
    console.warn('offlineCache: could not save', key, err);
  }
}

function removeWithPrefix(prefix: string): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) localStorage.removeItem(k);
    }
  } catch (err) {
    console.warn('offlineCache: could not clear', prefix, err);
  }
}

export const offlineCache = {
  user: (): PublicUser | null => read<PublicUser>(USER_KEY)?.value ?? null,
  setUser: (u: PublicUser) => write(USER_KEY, u),

  /** `date` null means "today as the server saw it". */
  sheets: (date: string | null): Cached<SheetInfo[]> | null => read<SheetInfo[]>(SHEETS_PREFIX + (date ?? TODAY)),
  setSheets(date: string | null, list: SheetInfo[]): void {
    write(SHEETS_PREFIX + (date ?? TODAY), list);
    const day = date ?? list[0]?.date;
    if (date === null && day) write(SHEETS_PREFIX + day, list);
  },

  group: (groupId: string): GroupInfo | null => read<GroupInfo>(GROUP_PREFIX + groupId)?.value ?? null,
  setGroup: (g: GroupInfo) => write(GROUP_PREFIX + g.id, g),

  /** On logout: forget who was here and what they could see. */
  clear(): void {
    removeWithPrefix(USER_KEY);
    removeWithPrefix(SHEETS_PREFIX);
    removeWithPrefix(GROUP_PREFIX);
  },
};
