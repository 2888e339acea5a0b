/** Proof of presence for "mark checked": the phone's position, or why there is none. */
import type { CheckLocation } from '../../../shared/sheet';

const GEO_TIMEOUT_MS = 10_000;

/** A fix the check flow obtained: proof that the user granted geolocation, and a fresh position. */
export interface GrantedFix {
  lng: number;
  lat: number;
  accuracy?: number;
  at: number;
}

const fixListeners = new Set<(fix: GrantedFix) => void>();

/** Position sharing listens here: it never asks for permission itself (browsers without the Permissions API). */
export function onCheckFix(fn: (fix: GrantedFix) => void): () => void {
  fixListeners.add(fn);
  return () => fixListeners.delete(fn);
}

function failed(error: CheckLocation['error']): CheckLocation {
  return { lat: 0, lng: 0, error };
}

export function currentLocation(timeoutMs = GEO_TIMEOUT_MS): Promise<CheckLocation> {
  if (!('geolocation' in navigator)) return Promise.resolve(failed('unavailable'));
  return new Promise((resolve) => {
    let done = false;
    const finish = (loc: CheckLocation) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      resolve(loc);
    };
    // The API's own timeout does not count the time a permission prompt stays open.
    const guard = setTimeout(() => finish(failed('timeout')), timeoutMs + 2_000);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const loc = {
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
          lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
          accuracy: Math.round(pos.coords.accuracy),
        };
        finish(loc);
        for (const fn of fixListeners) fn({ ...loc, at: pos.timestamp || Date.now() });
      },
      (err) => {
        switch (err.code) {
          case err.PERMISSION_DENIED:
            return finish(failed('denied'));
          case err.TIMEOUT:
            return finish(failed('timeout'));
          default:
            return finish(failed('unavailable'));
        }
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
