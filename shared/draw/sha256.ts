/**
 * SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) in plain 32-bit integer arithmetic.
 *
 * Why our own: the draw must be recomputable in the browser as well as in Node, synchronously
 * (WebCrypto's subtle.sign is async and absent on plain-HTTP origins), and no hash package is
 * installed. Why this shape: a draw hashes tens of thousands of short messages with one key, so
 * `HmacKey` absorbs the key's ipad/opad blocks once and each message then costs two compression
 * calls on reused buffers — no allocation per candidate beyond what the caller asks for.
 */

// Int32Array, not Uint32Array: V8 keeps int32 lanes in registers, while uint32 values above
// 2^31 become doubles and slow every addition down by about half.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const BLOCK = 64;
const W = new Int32Array(64);

/** One compression: folds the 64-byte block at `data[at..]` into `state` (8 words, in place). */
function compress(state: Int32Array, data: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) {
    W[i] = (data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!;
    const b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/**
 * Hashes `msg` starting from `state` (which already absorbed `prefixBytes` bytes, a multiple of
 * 64); writes the digest words into `state`. `scratch` holds the padded tail.
 */
function finish(state: Int32Array, msg: Uint8Array, len: number, prefixBytes: number, scratch: Uint8Array): void {
  let at = 0;
  for (; at + BLOCK <= len; at += BLOCK) compress(state, msg, at);
  const rest = len - at;
  scratch.fill(0);
  scratch.set(msg.subarray(at, len));
  scratch[rest] = 0x80;
  const tail = rest < 56 ? BLOCK : 2 * BLOCK;
  // Bit length as a 64-bit big-endian integer; messages here are far below 2^53 bits.
  const bits = (prefixBytes + len) * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  scratch[tail - 8] = hi >>> 24;
  scratch[tail - 7] = hi >>> 16;
  scratch[tail - 6] = hi >>> 8;
  scratch[tail - 5] = hi;
  scratch[tail - 4] = lo >>> 24;
  scratch[tail - 3] = lo >>> 16;
  scratch[tail - 2] = lo >>> 8;
  scratch[tail - 1] = lo;
  compress(state, scratch, 0);
  if (tail === 2 * BLOCK) compress(state, scratch, BLOCK);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function wordsToHex(words: Int32Array): string {
  let s = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    s += HEX[w >>> 24]! + HEX[(w >>> 16) & 0xff]! + HEX[(w >>> 8) & 0xff]! + HEX[w & 0xff]!;
  }
  return s;
}

export function wordsToBytes(words: Int32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out[i * 4] = w >>> 24;
    out[i * 4 + 1] = w >>> 16;
    out[i * 4 + 2] = w >>> 8;
    out[i * 4 + 3] = w;
  }
  return out;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** SHA-256 of bytes or of a string's UTF-8, as 8 big-endian words (signed int32 lanes). */
export function sha256Words(data: Uint8Array | string): Int32Array {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  const state = IV.slice();
  finish(state, bytes, bytes.length, 0, new Uint8Array(2 * BLOCK));
  return state;
}

export function sha256Hex(data: Uint8Array | string): string {
  return wordsToHex(sha256Words(data));
}

/**
 * An HMAC-SHA256 key with its inner and outer pad blocks absorbed once. `digestInto` reuses
 * internal buffers: not re-entrant, which is fine for pure synchronous code.
 */
export class HmacKey {
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly scratch = new Uint8Array(2 * BLOCK);
  private readonly innerDigest = new Uint8Array(32);

  constructor(key: Uint8Array) {
    // RFC 2104: keys longer than a block are hashed first; shorter ones are zero-padded.
    const k = new Uint8Array(BLOCK);
    k.set(key.length > BLOCK ? wordsToBytes(sha256Words(key)) : key);
    const pad = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) pad[i] = k[i]! ^ 0x36;
    this.inner.set(IV);
    compress(this.inner, pad, 0);
    for (let i = 0; i < BLOCK; i++) pad[i] = k[i]! ^ 0x5c;
    this.outer.set(IV);
    compress(this.outer, pad, 0);
  }

  /** HMAC of `msg[0..len)`, into `out` (8 words). */
  digestInto(msg: Uint8Array, len: number, out: Int32Array): void {
    const s = this.state;
    s.set(this.inner);
    finish(s, msg, len, BLOCK, this.scratch);
    const d = this.innerDigest;
    for (let i = 0; i < 8; i++) {
      const w = s[i]!;
      d[i * 4] = w >>> 24;
      d[i * 4 + 1] = w >>> 16;
      d[i * 4 + 2] = w >>> 8;
      d[i * 4 + 3] = w;
    }
    out.set(this.outer);
    finish(out, d, 32, BLOCK, this.scratch);
  }

  hex(msg: Uint8Array | string): string {
    const bytes = typeof msg === 'string' ? utf8(msg) : msg;
    const out = new Int32Array(8);
    this.digestInto(bytes, bytes.length, out);
    return wordsToHex(out);
  }
}

export function hmacSha256Hex(key: Uint8Array, msg: Uint8Array | string): string {
  return new HmacKey(key).hex(msg);
}
