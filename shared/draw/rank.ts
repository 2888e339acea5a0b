/**
 * A candidate's rank: HMAC-SHA256(key = seed bytes, message = UTF-8 of `${date}|${kind}|${id}`),
 * as 64 lowercase hex digits. Lowest rank wins. The rank depends on nothing but these four
 * values, so anyone can recompute one household's fate without the rest of the registry, and
 * the list cannot depend on the order the registry happens to be stored in.
 */
import type { CheckKind } from '../checkKinds';
import { HmacKey, utf8, wordsToHex } from './sha256';

export const SEED_RE = /^[0-9a-fA-F]{64}$/;

export function seedBytes(seedHex: string): Uint8Array {
  if (!SEED_RE.test(seedHex)) throw new RangeError('seed must be 64 hex digits (32 bytes)');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(seedHex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The rank of one candidate, computed alone: what an auditor runs to check a single household. */
export function rankOf(seed: string, date: string, kind: CheckKind, id: string): string {
  return new HmacKey(seedBytes(seed)).hex(`${date}|${kind}|${id}`);
}

/** 2^21: with the first word this fills a double's 53-bit mantissa exactly. */
const LOW_SCALE = 2 ** 21;

/**
 * Ranks many candidates of one (seed, date, kind). The message prefix is encoded once and ids
 * are written after it into one reused buffer (ASCII fast path), so ranking a candidate
 * allocates nothing. `sortKey` is the top 53 bits of the rank as a number: comparing numbers is
 * much cheaper than comparing hex strings, and ties (about n²/2^54 likely) fall back to `hex`.
 */
export class Ranker {
  private readonly key: HmacKey;
  private buf: Uint8Array;
  private readonly prefixLen: number;
  private readonly out = new Int32Array(8);

  constructor(seed: string, date: string, kind: CheckKind) {
    this.key = new HmacKey(seedBytes(seed));
    const prefix = utf8(`${date}|${kind}|`);
    this.prefixLen = prefix.length;
    this.buf = new Uint8Array(this.prefixLen + 64);
    this.buf.set(prefix);
  }

  private digest(id: string): Int32Array {
    let len = this.prefixLen;
    let ascii = true;
    if (len + id.length > this.buf.length) this.grow(len + id.length);
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      this.buf[len++] = c;
    }
    if (!ascii) {
      const bytes = utf8(id);
      if (this.prefixLen + bytes.length > this.buf.length) this.grow(this.prefixLen + bytes.length);
      this.buf.set(bytes, this.prefixLen);
      len = this.prefixLen + bytes.length;
    }
    this.key.digestInto(this.buf, len, this.out);
    return this.out;
  }

  private grow(size: number): void {
    const next = new Uint8Array(size * 2);
    next.set(this.buf.subarray(0, this.prefixLen));
    this.buf = next;
  }

  sortKey(id: string): number {
    const d = this.digest(id);
    return (d[0]! >>> 0) * LOW_SCALE + (d[1]! >>> 11);
  }

  hex(id: string): string {
    return wordsToHex(this.digest(id));
  }
}
