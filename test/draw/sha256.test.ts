/** The pure SHA-256 / HMAC-SHA256 behind every rank, checked against published vectors and Node's crypto. */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmacKey, hmacSha256Hex, sha256Hex } from '../../shared/draw/sha256';

const hexBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));

describe('sha256 and HMAC-SHA256', () => {
  it('matches the FIPS 180-4 example digests, including the two-block padding edge', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('matches RFC 4231 test cases 1, 2 and 6 (short key, text key, key longer than a block)', () => {
    expect(hmacSha256Hex(new Uint8Array(20).fill(0x0b), 'Hi There')).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(hmacSha256Hex(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(hmacSha256Hex(new Uint8Array(131).fill(0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with Node for any message length around the block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (msg) => {
        expect(sha256Hex(msg)).toBe(createHash('sha256').update(msg).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with Node for any key and message, and a reused key gives the same answer twice', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 4 }), (key, msgs) => {
        const k = new HmacKey(key);
        for (const msg of msgs) {
          const want = createHmac('sha256', key).update(msg).digest('hex');
          expect(k.hex(msg)).toBe(want);
          expect(k.hex(msg)).toBe(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a string message as its UTF-8 bytes', () => {
    const key = hexBytes('00'.repeat(32));
    expect(hmacSha256Hex(key, '2019-02-12|pairing_visit|户h1')).toBe(createHmac('sha256', key).update('2019-02-12|pairing_visit|户h1', 'utf8').digest('hex'));
  });
});
