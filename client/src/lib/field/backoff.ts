/** Retry delays for photo uploads: exponential from 2 s, capped at 5 min, with ±25 % jitter. */
export const BACKOFF_MIN_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** Delay before attempt number `attempts + 1`; jitter keeps phones back in coverage together from retrying together. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
