/**
 * Proof of presence (seed 000 warns against checks "done from the office"): a "checked" mark
 * carries the phone's position; its distance to the target's registered location decides
 * whether the leader sees a flag. Pure — the sheet view, the leader's members panel and the
 * debrief all call `presenceFlag` on a `TargetView`.
 */
import type { CheckLocation, TargetView } from '../sheet';
import { haversineMeters, isLngLat } from './distance';
import { DEFAULT_PRESENCE_MAX_METERS } from './settings';

export type PresenceFlag =
  /** Not marked checked yet: nothing to prove. */
  | { kind: 'unchecked'; flagged: false }
  /** Checked within the allowed distance. */
  | { kind: 'near'; flagged: false; meters: number; accuracy?: number }
  /** Checked further away than allowed. */
  | { kind: 'far'; flagged: true; meters: number; accuracy?: number; maxMeters: number }
  /** Checked without a position: the phone refused, failed or timed out (or sent garbage). */
  | { kind: 'no_location'; flagged: true; reason: NonNullable<CheckLocation['error']> }
  /** The target has no registered coordinates, so distance cannot be judged; not held against anyone. */
  | { kind: 'no_reference'; flagged: false };

export type PresenceInput = Pick<TargetView, 'checkedAt' | 'location' | 'registered'>;

export function presenceFlag(target: PresenceInput, maxMeters: number = DEFAULT_PRESENCE_MAX_METERS): PresenceFlag {
  if (!target.checkedAt) return { kind: 'unchecked', flagged: false };
  const loc = target.location;
  if (!loc || loc.error || !isLngLat(loc)) return { kind: 'no_location', flagged: true, reason: loc?.error ?? 'unavailable' };
  if (!isLngLat(target.registered)) return { kind: 'no_reference', flagged: false };
  const meters = Math.round(haversineMeters(loc, target.registered));
  const accuracy = typeof loc.accuracy === 'number' && Number.isFinite(loc.accuracy) ? loc.accuracy : undefined;
  // Strictly above: exactly at the limit still counts as present.
  if (meters > maxMeters) return { kind: 'far', flagged: true, meters, maxMeters, ...(accuracy === undefined ? {} : { accuracy }) };
  return { kind: 'near', flagged: false, meters, ...(accuracy === undefined ? {} : { accuracy }) };
}

/** How many checked targets carry a flag (for the members panel and the debrief's counts). */
export function countFlagged(targets: readonly PresenceInput[], maxMeters?: number): number {
  let n = 0;
  for (const t of targets) if (presenceFlag(t, maxMeters).flagged) n++;
  return n;
}
