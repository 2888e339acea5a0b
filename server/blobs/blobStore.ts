/**
 * Content-addressed storage of photo bytes. One contract, one test suite
 * (test/field/blobStore.test.ts) run against every implementation: the filesystem store we ship
 * (fsBlobStore.ts), an in-memory one for tests, and — to replace the disk — an S3-compatible one
 * (put = PutObject with `If-None-Match: *`, get = GetObject, stat/has = HeadObject).
 *
 * The key is the SHA-256 of the bytes, so storing is idempotent and a blob never changes.
 * Every implementation verifies the hash itself: bytes are never stored under a wrong name.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { isSha256Hex, type PhotoType } from '../../shared/field/photos';

export interface BlobInfo {
  hash: string;
  size: number;
  type: PhotoType;
}

export interface BlobObject extends BlobInfo {
  body: Readable;
}

export interface BlobStore {
  /** Stores `bytes` under `hash`. `created` is false when the blob was already there. */
  put(hash: string, bytes: Uint8Array, type: PhotoType): Promise<{ created: boolean }>;
  /** The bytes as a stream, or null when unknown. */
  get(hash: string): Promise<BlobObject | null>;
  has(hash: string): Promise<boolean>;
  stat(hash: string): Promise<BlobInfo | null>;
}

/** The name is not a SHA-256 hex digest (refused before any storage is touched: no path tricks). */
export class InvalidHashError extends Error {
  override readonly name = 'InvalidHashError';
  constructor(readonly hash: string) {
    super('blob name must be 64 lowercase hex digits (SHA-256)');
  }
}

/** The bytes do not hash to the name they were sent under. */
export class HashMismatchError extends Error {
  override readonly name = 'HashMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`content hashes to ${actual}, not ${expected}`);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Shared guard for implementations: a valid name and bytes that match it. */
export function assertHash(hash: string, bytes?: Uint8Array): void {
  if (!isSha256Hex(hash)) throw new InvalidHashError(hash);
  if (bytes) {
    const actual = sha256Hex(bytes);
    if (actual !== hash) throw new HashMismatchError(hash, actual);
  }
}
