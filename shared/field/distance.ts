/** Great-circle distance on the WGS-84 mean sphere. Pure; used by proof of presence and photos. */
import type { LngLat } from '../registry';

/** Mean Earth radius (IUGG), metres. The sphere errs by < 0.5 % — far below phone GPS error. */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * Haversine distance in metres. Stable for short distances (unlike the law of cosines), which
 * is the range that matters here: a few metres to a few kilometres between a phone and a house.
 */
export function haversineMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  // min(1, …): rounding can push h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A finite coordinate on the globe (what a phone or the registry may hand us is checked, not trusted). */
export function isLngLat(x: unknown): x is LngLat {
  if (typeof x !== 'object' || x === null) return false;
  const { lng, lat } = x as Record<string, unknown>;
  return typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}
