/**
 * The photo outbox in IndexedDB: photos waiting to be uploaded survive the browser being killed.
 * A tiny promise wrapper over the browser API (one store, four operations) — no library needed.
 * Bytes are kept as ArrayBuffer: older Safari cannot store Blobs in IndexedDB.
 */
import type { PhotoType } from '../../../../shared/field/photos';

const DB_NAME = 'suicha-field';
const DB_VERSION = 1;
const STORE = 'outbox';

export type OutboxState = 'queued' | 'rejected';

export interface OutboxRecord {
  /** `<hash>@<docName>`: a photo is uploaded once per sheet (the sheet is what grants access to it). */
  key: string;
  hash: string;
  docName: string;
  type: PhotoType;
  data: ArrayBuffer;
  addedAt: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which no retry is made. */
  nextAttemptAt: number;
  /** Why the server refused it for good (state `rejected`). */
  error?: { status: number; code: string; message: string };
}

export const outboxKey = (hash: string, docName: string): string => `${hash}@${docName}`;

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
  }).catch((err: unknown) => {
    opening = null; // let the next call try again
    throw err;
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    // Resolve on commit, not on the request: a write is durable only once its transaction is.
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export const outboxDb = {
  put: (r: OutboxRecord) => run('readwrite', (s) => s.put(r)).then(() => undefined),
  get: (key: string) => run<OutboxRecord | undefined>('readonly', (s) => s.get(key) as IDBRequest<OutboxRecord | undefined>),
  all: () => run<OutboxRecord[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxRecord[]>),
  delete: (key: string) => run('readwrite', (s) => s.delete(key)).then(() => undefined),
};
