/**
 * Photos waiting to reach the server (SPEC PH1). A photo is written here (IndexedDB) before the
 * sheet references it, uploaded when the network allows — retried with backoff, refused ones
 * kept with the server's reason — and removed only after the server confirmed it stored the
 * bytes. Uploads are idempotent by content hash, so a retry after a lost answer stores nothing
 * twice. One uploader per browser (Web Locks) even with several tabs open.
 */
import { blobUrl } from '../../../../shared/field/photos';
import { backoffMs } from './backoff';
import { uploadBlob } from './blobApi';
import { outboxDb, outboxKey, type OutboxRecord } from './outboxDb';
import { PHOTO_CACHE } from './photoCache';
import type { PreparedPhoto } from './preparePhoto';

export type OutboxStatus = 'queued' | 'uploading' | 'rejected';

export interface OutboxItemView {
  key: string;
  hash: string;
  docName: string;
  status: OutboxStatus;
  attempts: number;
  error?: OutboxRecord['error'];
}

const LOCK = 'suicha-outbox';

function view(r: OutboxRecord, status: OutboxStatus = r.state): OutboxItemView {
  return { key: r.key, hash: r.hash, docName: r.docName, status, attempts: r.attempts, ...(r.error ? { error: r.error } : {}) };
}

class Outbox {
  items = $state.raw<Record<string, OutboxItemView>>({});
  /** False until IndexedDB has been read once: before that, "not in the outbox" means nothing. */
  loaded = $state(false);
  #started = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #draining = false;
  #again = false;

  /** Loads what an earlier visit left behind and starts uploading it. Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    window.addEventListener('online', this.#onOnline);
    document.addEventListener('visibilitychange', this.#onVisible);
    void this.drain();
  }

  status(hash: string, docName: string): OutboxItemView | undefined {
    return this.items[outboxKey(hash, docName)];
  }

  /** Queues a prepared photo for a sheet. Resolves once it is safely in IndexedDB. */
  async add(p: PreparedPhoto, docName: string): Promise<void> {
    const key = outboxKey(p.hash, docName);
    if (await outboxDb.get(key)) return; // the same picture twice: already waiting
    const record: OutboxRecord = {
      key,
      hash: p.hash,
      docName,
      type: p.type,
      data: p.bytes.buffer.slice(p.bytes.byteOffset, p.bytes.byteOffset + p.bytes.byteLength),
      addedAt: new Date().toISOString(),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
    };
    await outboxDb.put(record);
    this.#set(view(record));
    void this.drain();
  }

  /** Drops a photo that is no longer wanted (removed from the sheet before it was uploaded). */
  async discard(hash: string, docName: string): Promise<void> {
    const key = outboxKey(hash, docName);
    await outboxDb.delete(key);
    this.#remove(key);
  }

  /** An object URL of a queued photo's bytes (for its thumbnail offline); the caller revokes it. */
  async localUrl(hash: string, docName: string): Promise<string | null> {
    const r = await outboxDb.get(outboxKey(hash, docName));
    return r ? URL.createObjectURL(new Blob([r.data], { type: r.type })) : null;
  }

  async drain(): Promise<void> {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = true;
    try {
      do {
        this.#again = false;
        if (navigator.locks) await navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => void (lock ? await this.#pass() : await this.#refresh()));
        else await this.#pass();
      } while (this.#again);
    } catch (err) {
      console.warn('outbox: drain failed', err);
    } finally {
      // Even when IndexedDB cannot be read, photos on the server must still show.
      this.loaded = true;
      this.#draining = false;
      await this.#schedule();
    }
  }

  /** One pass over everything due. Sequential: a phone on one bar of signal uploads one photo at a time. */
  async #pass(): Promise<void> {
    const records = await this.#refresh();
    for (const r of records) {
      if (r.state !== 'queued' || r.nextAttemptAt > Date.now() || !navigator.onLine) continue;
      this.#set(view(r, 'uploading'));
      const result = await uploadBlob(r.hash, r.docName, r.type, r.data);
      switch (result.kind) {
        case 'done':
          await this.#keepForOffline(r);
          await outboxDb.delete(r.key);
          this.#remove(r.key);
          break;
        case 'retry':
          r.attempts++;
          r.nextAttemptAt = Date.now() + backoffMs(r.attempts);
          await outboxDb.put(r);
          this.#set(view(r));
          break;
        case 'unauthorized':
          this.#set(view(r));
          return; // every other upload would fail the same way; a new login restarts us
        case 'rejected':
          r.state = 'rejected';
          r.error = { status: result.status, code: result.code, message: result.message };
          await outboxDb.put(r);
          this.#set(view(r));
          console.warn('outbox: server refused a photo', { hash: r.hash, doc: r.docName, ...r.error });
          break;
      }
    }
  }

  /**
   * Mirrors IndexedDB into `items` (another tab may have uploaded or refused something). A photo
   * added here while the snapshot was being read is missing from it; such keys are looked up
   * again — a later read sees every write that completed before it — and kept if still stored.
   */
  async #refresh(): Promise<OutboxRecord[]> {
    const records = await outboxDb.all();
    const next: Record<string, OutboxItemView> = Object.fromEntries(records.map((r) => [r.key, view(r)]));
    for (const key of Object.keys(this.items)) {
      if (key in next) continue;
      const r = await outboxDb.get(key);
      if (r) next[key] = view(r);
    }
    this.items = next;
    this.loaded = true;
    return records;
  }

  /** Puts the uploaded bytes where the service worker looks, so the photo still shows offline. */
  async #keepForOffline(r: OutboxRecord): Promise<void> {
    if (!('caches' in window)) return;
    try {
      const cache = await caches.open(PHOTO_CACHE);
      await cache.put(new URL(blobUrl(r.hash, r.docName), location.origin).href, new Response(r.data, { headers: { 'content-type': r.type } }));
    } catch (err) {
      console.warn('outbox: could not cache an uploaded photo', err);
    }
  }

  async #schedule(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const records = await outboxDb.all().catch((err: unknown) => {
      console.warn('outbox: cannot read IndexedDB', err);
      return [] as OutboxRecord[];
    });
    const next = Math.min(...records.filter((r) => r.state === 'queued').map((r) => r.nextAttemptAt));
    if (!Number.isFinite(next)) return;
    // Also re-checks every 30 s while another tab holds the lock.
    this.#timer = setTimeout(() => void this.drain(), Math.min(30_000, Math.max(250, next - Date.now())));
  }

  #onOnline = async (): Promise<void> => {
    // The network is back: retry now rather than after the backoff built up while offline.
    for (const r of await outboxDb.all()) {
      if (r.state === 'queued' && r.nextAttemptAt > 0) await outboxDb.put({ ...r, nextAttemptAt: 0 });
    }
    void this.drain();
  };

  #onVisible = (): void => {
    if (document.visibilityState === 'visible') void this.drain();
  };

  #set(v: OutboxItemView): void {
    this.items = { ...this.items, [v.key]: v };
  }

  #remove(key: string): void {
    if (!(key in this.items)) return;
    const { [key]: _gone, ...rest } = this.items;
    this.items = rest;
  }
}

export const outbox = new Outbox();
