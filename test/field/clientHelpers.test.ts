/** Pure client helpers of the field kit: the upload backoff and SHA-256 without WebCrypto. */
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKOFF_MAX_MS, BACKOFF_MIN_MS, backoffMs } from '../../client/src/lib/field/backoff';
import { sha256Hex } from '../../client/src/lib/field/hash';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('upload backoff', () => {
  it('doubles from 2 s, never exceeds 5 min, and jitters within ±25 %', () => {
    expect(backoffMs(1, () => 0.5)).toBe(BACKOFF_MIN_MS);
    expect(backoffMs(2, () => 0.5)).toBe(2 * BACKOFF_MIN_MS);
    expect(backoffMs(50, () => 0.5)).toBe(BACKOFF_MAX_MS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (n, r) => {
        const d = backoffMs(n, () => r);
        expect(d).toBeGreaterThanOrEqual(BACKOFF_MIN_MS * 0.75 - 1);
        expect(d).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.25 + 1);
      }),
    );
  });
});

describe('photo hash', () => {
  it('is the SHA-256 of the bytes with WebCrypto', async () => {
    const bytes = new Uint8Array(randomBytes(5000));
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('falls back to pure JS where crypto.subtle is missing (plain-HTTP intranets) and agrees with it', async () => {
    vi.stubGlobal('crypto', {});
    for (const n of [0, 55, 56, 64, 1000, 70_001]) {
      const bytes = new Uint8Array(randomBytes(n));
      expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
