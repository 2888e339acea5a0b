/**
 * Durable storage of Yjs documents. One contract, one test suite (test/docStore.test.ts) run
 * against every implementation.
 *
 * Model: a snapshot (the encoded state of a live doc) that covers every stream entry up to
 * `snapshotId`, plus an append-only stream of updates after it. Entry ids are totally ordered
 * and assigned by the store (never by a server's clock).
 */
export interface StoredUpdate {
  id: string;
  update: Uint8Array;
  /** Instance that appended it, so an instance can skip its own entries when following. */
  origin: string;
}

export interface LoadedDoc {
  snapshot: Uint8Array | null;
  snapshotId: string;
  /** Entries after the snapshot, in order. */
  entries: StoredUpdate[];
  /** Id of the newest entry seen (or snapshotId): where following resumes. */
  lastId: string;
}

export interface DocStore {
  load(docName: string): Promise<LoadedDoc>;
  /** Resolves with the entry id once the update is durably stored. */
  append(docName: string, update: Uint8Array, origin: string): Promise<string>;
  /**
   * Replaces everything up to `upToId` with `snapshot`. Refused (false) when a newer snapshot is
   * already stored, so a lagging instance can never trim entries its snapshot does not hold.
   */
  compact(docName: string, snapshot: Uint8Array, upToId: string): Promise<boolean>;
  streamLength(docName: string): Promise<number>;
  /**
   * For each document, the id below which its stream has been trimmed (ZERO_ID if never). An
   * instance whose follower is behind that id may have missed entries and must reload.
   */
  trimmedBelow(docNames: string[]): Promise<string[]>;
}

export const ZERO_ID = '0-0';

/** Compares stream ids `ms-seq` numerically. */
export function compareIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const d = BigInt(am) - BigInt(bm);
  if (d !== 0n) return d < 0n ? -1 : 1;
  const e = BigInt(as) - BigInt(bs);
  return e === 0n ? 0 : e < 0n ? -1 : 1;
}
