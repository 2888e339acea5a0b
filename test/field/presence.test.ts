/** Proof of presence: haversine distance and the flag the leader and the debrief see (SPEC PP1–PP4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMeters, isLngLat } from '../../shared/field/distance';
import { countFlagged, presenceFlag, type PresenceInput } from '../../shared/field/presence';
import { DEFAULT_PRESENCE_MAX_METERS } from '../../shared/field/settings';
import type { LngLat } from '../../shared/registry';

const HOUSE: LngLat = { lng: 116.397, lat: 39.909 };
/** A point `m` metres due north of `p` (1° of latitude ≈ 111 195 m on the mean sphere). */
const north = (p: LngLat, m: number): LngLat => ({ lng: p.lng, lat: p.lat + m / 111_195.08 });

const checked = (location: PresenceInput['location'], registered: LngLat | null = HOUSE): PresenceInput => ({
  checkedAt: '2026-11-22T03:00:00.000Z',
  location,
  registered: registered ?? undefined,
});

describe('haversineMeters', () => {
  it('measures known distances: Beijing to Shanghai is about 1 067 km, a point to itself is 0', () => {
    const beijing = { lng: 116.4074, lat: 39.9042 };
    const shanghai = { lng: 121.4737, lat: 31.2304 };
    expect(haversineMeters(beijing, shanghai) / 1000).toBeCloseTo(1067.3, 0);
    expect(haversineMeters(beijing, beijing)).toBe(0);
  });

  it('is accurate to a metre at village scale (300 m north is 300 m)', () => {
    expect(haversineMeters(HOUSE, north(HOUSE, 300))).toBeCloseTo(300, 0);
  });

  it('is symmetric, non-negative and never exceeds half the circumference', () => {
    const coord = fc.record({ lng: fc.double({ min: -180, max: 180, noNaN: true }), lat: fc.double({ min: -90, max: 90, noNaN: true }) });
    fc.assert(
      fc.property(coord, coord, (a, b) => {
        const d = haversineMeters(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.PI * 6_371_008.8 + 1e-6);
        expect(Math.abs(d - haversineMeters(b, a))).toBeLessThan(1e-6);
      }),
    );
  });

  it('obeys the triangle inequality', () => {
    const coord = fc.record({ lng: fc.double({ min: 100, max: 120, noNaN: true }), lat: fc.double({ min: 20, max: 45, noNaN: true }) });
    fc.assert(fc.property(coord, coord, coord, (a, b, c) => haversineMeters(a, c) <= haversineMeters(a, b) + haversineMeters(b, c) + 1e-6));
  });

  it('accepts only finite coordinates on the globe', () => {
    expect(isLngLat({ lng: 116, lat: 39 })).toBe(true);
    for (const bad of [null, {}, { lng: 'x', lat: 1 }, { lng: NaN, lat: 1 }, { lng: 1, lat: 91 }, { lng: 181, lat: 0 }]) expect(isLngLat(bad)).toBe(false);
  });
});

describe('presenceFlag', () => {
  it('[PP1] a check within the limit is not flagged, and exactly at the limit still counts as present', () => {
    const f = presenceFlag(checked({ ...north(HOUSE, 120), accuracy: 15 }));
    expect(f).toEqual({ kind: 'near', flagged: false, meters: 120, accuracy: 15 });
    const edge = presenceFlag(checked(north(HOUSE, 50)), 50);
    expect(edge.flagged).toBe(false);
  });

  it('[PP2] a check further than the limit (default 300 m) is flagged far, with the distance', () => {
    expect(DEFAULT_PRESENCE_MAX_METERS).toBe(300);
    const f = presenceFlag(checked(north(HOUSE, 1500)));
    expect(f).toMatchObject({ kind: 'far', flagged: true, meters: 1500, maxMeters: 300 });
    // A county that sets 2 km does not flag it.
    expect(presenceFlag(checked(north(HOUSE, 1500)), 2000).flagged).toBe(false);
  });

  it('[PP3] a check with no position (refused, unavailable, timed out, or missing) is flagged no_location', () => {
    for (const reason of ['denied', 'unavailable', 'timeout'] as const) {
      expect(presenceFlag(checked({ lat: 0, lng: 0, error: reason }))).toEqual({ kind: 'no_location', flagged: true, reason });
    }
    expect(presenceFlag(checked(null))).toEqual({ kind: 'no_location', flagged: true, reason: 'unavailable' });
    expect(presenceFlag(checked({ lat: NaN, lng: 1 }))).toMatchObject({ kind: 'no_location', flagged: true });
  });

  it('[PP4] an unchecked target, or one without registered coordinates, is never flagged for distance', () => {
    expect(presenceFlag({ checkedAt: null, location: null, registered: HOUSE })).toEqual({ kind: 'unchecked', flagged: false });
    expect(presenceFlag(checked(north(HOUSE, 5000), null))).toEqual({ kind: 'no_reference', flagged: false });
  });

  it('is flagged exactly when the distance exceeds the limit (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 5000 }), (m, max) => {
        const f = presenceFlag(checked(north(HOUSE, m)), max);
        // Distances are rounded to whole metres; allow the rounding step at the boundary.
        if (Math.abs(m - max) > 1) expect(f.flagged).toBe(m > max);
      }),
    );
  });

  it('counts flagged targets for the members panel and the debrief', () => {
    const ts = [checked(north(HOUSE, 10)), checked(north(HOUSE, 900)), checked({ lat: 0, lng: 0, error: 'denied' }), { checkedAt: null, location: null, registered: HOUSE }];
    expect(countFlagged(ts)).toBe(2);
  });
});
