/**
 * Members' live positions (issue 6): what a phone reports, what the server stores and emits, and
 * how the command centre merges a reported position with the one its latest check left.
 * Pure: no I/O, no clock (callers pass `now`).
 */
import { haversineMeters } from '../field/distance';

/** socket.io event names: the phone's report, and the server's compact broadcast. */
export const POSITION_REPORT = 'position:report';
export const POSITION_EVENT = 'position';

/** What a phone sends: a fix and the time it was taken (kept when the phone was offline). */
export interface PositionReport {
  lng: number;
  lat: number;
  /** Metres (the browser's 95 % radius), if the phone gave one. */
  accuracy?: number;
  /** ISO time of the fix on the phone — not of the sending, which may be much later. */
  at: string;
  /** Optional: when present they must be the sender's own (a report is never for somebody else). */
  userId?: string;
  groupId?: string;
}

/** A member's latest reported position of a day, as stored and as broadcast (`position`). */
export interface ReportedPosition {
  date: string;
  groupId: string;
  userId: string;
  name: string;
  lngLat: [number, number];
  /** Metres, null when the phone gave none. */
  acc: number | null;
  at: string;
}

export type PositionAck = { ok: true; stored: boolean } | { ok: false; error: PositionError; message: string; field?: string; retryAfterMs?: number };
export type PositionError = 'invalid' | 'forbidden' | 'rate_limited' | 'unavailable';

export interface PositionClientEvents {
  'position:report': (report: PositionReport, ack: (a: PositionAck) => void) => void;
}

export interface PositionServerEvents {
  position: (p: ReportedPosition) => void;
}

/** How often a phone reports at most, and how far it must move to report sooner. */
export const REPORT_EVERY_MS = 60_000;
export const REPORT_MOVE_M = 100;
/** Even when moving fast (a car), reports stay this far apart: well inside the server's limit. */
export const REPORT_MIN_GAP_MS = 15_000;
/** Server side, per socket: a burst of this many reports, then one more per `RATE_REFILL_MS`. */
export const RATE_BURST = 5;
export const RATE_REFILL_MS = 10_000;
/** A fix dated further ahead than this is a wrong clock, not a position. */
export const MAX_FUTURE_MS = 2 * 60_000;
/** An offline fix older than this is no longer news (and its day's key may be gone). */
export const MAX_AGE_MS = 24 * 3_600_000;
/** The command centre fades a position older than this. */
export const STALE_AFTER_MS = 30 * 60_000;

export interface Fix {
  lng: number;
  lat: number;
  accuracy?: number;
  /** Epoch ms of the fix. */
  at: number;
}

/**
 * When a phone should send `next`, given the fix it last sent: `0` = now, a positive number = in
 * that many ms (send the latest fix then), `null` = never (it is the one already sent).
 * At most once a minute; sooner only after a move of more than 100 m, and never closer than 15 s.
 */
export function reportDelay(lastSent: (Fix & { sentAt: number }) | null, next: Fix, now: number): number | null {
  if (!lastSent) return 0;
  if (next.at <= lastSent.at) return null;
  const since = now - lastSent.sentAt;
  if (since >= REPORT_EVERY_MS) return 0;
  const moved = haversineMeters(lastSent, next) > REPORT_MOVE_M;
  if (moved) return Math.max(0, REPORT_MIN_GAP_MS - since);
  return REPORT_EVERY_MS - since;
}

/** Where a shown position comes from: the member's own report, or the place of their latest check. */
export type PositionSource = 'report' | 'check';

/** One member on the command centre: their last known position, its time and source. */
export interface MemberPosition {
  groupId: string;
  userId: string;
  name: string;
  /** Time of the position shown; null when the member has none today. */
  at: string | null;
  lngLat: [number, number] | null;
  source: PositionSource | null;
  /** Metres, for a reported position that had one. */
  accuracy: number | null;
  /** The latest check that had a position (kept when a newer report is shown). */
  check: { at: string; label: string } | null;
  checked: number;
}

/**
 * Merges members' reported positions into the check-derived ones: per member the newer of the
 * two wins (a tie keeps the check — it is proof of presence at a known place). A report of a
 * member not on the list joins their group, if that group is shown; other groups' are dropped.
 */
export function mergePositions(fromChecks: readonly MemberPosition[], reported: Iterable<ReportedPosition>): MemberPosition[] {
  const out = fromChecks.map((p) => ({ ...p }));
  const index = new Map(out.map((p, i) => [`${p.groupId}\u0000${p.userId}`, i]));
  const groups = new Set(out.map((p) => p.groupId));
  for (const r of reported) {
    const i = index.get(`${r.groupId}\u0000${r.userId}`);
    if (i === undefined) {
      if (!groups.has(r.groupId)) continue;
      index.set(`${r.groupId}\u0000${r.userId}`, out.length);
      out.push({ groupId: r.groupId, userId: r.userId, name: r.name, at: r.at, lngLat: r.lngLat, source: 'report', accuracy: r.acc, check: null, checked: 0 });
      continue;
    }
    const p = out[i]!;
    if (p.at && Date.parse(p.at) >= Date.parse(r.at)) continue;
    out[i] = { ...p, at: r.at, lngLat: r.lngLat, source: 'report', accuracy: r.acc };
  }
  return out;
}

/** Keeps the newer of two reports of one member (what the store and the client's model do). */
export function newerReport(a: ReportedPosition | undefined, b: ReportedPosition): boolean {
  return !a || Date.parse(b.at) > Date.parse(a.at);
}

export function isStale(at: string | null, now: number, after = STALE_AFTER_MS): boolean {
  return at !== null && now - Date.parse(at) > after;
}

/** Whole minutes since `at` (never negative: a phone's clock may run a little ahead). */
export function minutesAgo(at: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(at)) / 60_000));
}
