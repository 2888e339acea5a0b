/**
 * The county registry in Redis, versioned. A version is a list of content-addressed chunks per
 * part (see codec.ts); `registry:current` names the live one. Writing a version stores its
 * chunks first and then flips the pointer in one Lua step, so readers see the old registry or
 * the new one, never half of an import. The last KEEP_VERSIONS versions stay restorable
 * (rollback of an import); chunks no kept version uses are deleted.
 *
 * `load()`, `save()` and `meta()` keep the contract the rest of the server relies on.
 */
import { randomBytes } from 'node:crypto';
import type { Registry } from '../../shared/registry';
import { binary, type BinaryRedis, type Redis } from '../redis/connect';
import { keys } from '../redis/keys';
import {
  chunkCount,
  CHUNK_SIZE,
  combineHash,
  decodeChunk,
  encodeChunk,
  partItems,
  PARTS,
  registryFromParts,
  type ChunkIds,
  type EncodedChunk,
  type RegistryPart,
} from './codec';
import { readLegacy } from './legacy';

export { registryHash } from './codec';

export type VersionSource = 'seed' | 'import' | 'edit' | 'restore' | 'migrate' | 'save';

export interface RegistryMeta {
  hash: string;
  savedAt: string;
  households: number;
  version: number;
  parent: number | null;
  source: VersionSource;
  /** User id of the admin who made it. */
  by?: string;
  note?: string;
  counts: Record<RegistryPart, number>;
}

interface VersionRecord extends RegistryMeta {
  chunks: ChunkIds;
}

export interface SaveInfo {
  source?: VersionSource;
  by?: string;
  note?: string;
  /** Refuse (RegistryConflictError) unless this is still the current version; null = no registry yet. */
  expectVersion?: number | null;
}

export class RegistryConflictError extends Error {
  constructor(readonly current: number | null) {
    super(`the registry changed meanwhile (now version ${current ?? 'none'})`);
    this.name = 'RegistryConflictError';
  }
}

export const KEEP_VERSIONS = 30;
const FETCH_BATCH = 32;
const WRITE_BATCH = 16;
const LOCK_MS = 60_000;

// Flip only if the current version is the expected one ('*' = any, '0' = none yet).
const FLIP = `
local cur = redis.call('GET', KEYS[1])
local curv = '0'
if cur then curv = tostring(cjson.decode(cur).version) end
if ARGV[1] ~= '*' and ARGV[1] ~= curv then return curv end
redis.call('SET', KEYS[3], ARGV[4])
redis.call('SET', KEYS[1], ARGV[3])
redis.call('LPUSH', KEYS[2], ARGV[2])
return 'OK'`;

const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const metaOf = (r: VersionRecord): RegistryMeta => {
  const { chunks: _chunks, ...meta } = r;
  return meta;
};

export class RegistryRepo {
  private cache: { record: VersionRecord; registry: Registry } | null = null;
  private pending: { version: number; promise: Promise<Registry> } | null = null;
  private readonly bin: BinaryRedis;

  constructor(
    private readonly redis: Redis,
    private readonly keep = KEEP_VERSIONS,
  ) {
    this.bin = binary(redis);
  }

  async meta(): Promise<RegistryMeta | null> {
    const raw = await this.redis.get(keys.registryCurrent);
    return raw ? (JSON.parse(raw) as RegistryMeta) : null;
  }

  /** Newest first; the first is the current version. */
  async versions(): Promise<RegistryMeta[]> {
    const ns = await this.redis.lRange(keys.registryVersions, 0, -1);
    if (ns.length === 0) return [];
    const raws = await this.redis.mGet(ns.map((n) => keys.registryVersion(Number(n))));
    return raws.filter((r): r is string => !!r).map((r) => metaOf(JSON.parse(r) as VersionRecord));
  }

  /** The current registry. Parsed once per version, chunk by chunk, yielding between chunks. */
  async load(): Promise<Registry | null> {
    const meta = await this.meta();
    if (!meta) return this.migrate();
    if (this.cache?.record.version === meta.version) return this.cache.registry;
    if (this.pending?.version === meta.version) return this.pending.promise;
    const promise = this.read(meta.version).then(({ record, registry }) => {
      if (!this.cache || this.cache.record.version < record.version) this.cache = { record, registry };
      return registry;
    });
    this.pending = { version: meta.version, promise };
    try {
      return await promise;
    } finally {
      if (this.pending?.promise === promise) this.pending = null;
    }
  }

  /** The current registry with the meta of the version it is: what an edit is based on. */
  async current(): Promise<{ registry: Registry; meta: RegistryMeta } | null> {
    for (;;) {
      const registry = await this.load();
      if (!registry) return null;
      const c = this.cache;
      if (c && c.registry === registry) return { registry, meta: metaOf(c.record) };
      // A newer version was cached meanwhile; load again to pair registry and meta right.
    }
  }

  /** Stores `r` as the new current version. Chunks unchanged since the cached version are reused. */
  async save(r: Registry, info: SaveInfo = {}): Promise<RegistryMeta> {
    const base = this.cache;
    const ids = {} as ChunkIds;
    const fresh: EncodedChunk[] = [];
    for (const p of PARTS) {
      const items = partItems(r, p);
      const old = base ? partItems(base.registry, p) : null;
      ids[p] = [];
      for (let i = 0; i < chunkCount(items.length); i++) {
        if (old && base && sameChunk(items, old, i)) ids[p].push(base.record.chunks[p][i]!);
        else {
          const c = await encodeChunk(items, i);
          ids[p].push(c.id);
          fresh.push(c);
        }
      }
    }
    const record = await this.write(ids, fresh, countsOf(r), info);
    this.cache = { record, registry: r };
    return metaOf(record);
  }

  /** Stores a registry a worker thread already encoded (an import). */
  async saveEncoded(enc: { ids: ChunkIds; chunks: EncodedChunk[]; counts: Record<RegistryPart, number> }, info: SaveInfo): Promise<RegistryMeta> {
    return metaOf(await this.write(enc.ids, enc.chunks, enc.counts, info));
  }

  /** Makes an earlier version current again, as a new version (so the restore can be undone too). */
  async restore(version: number, info: SaveInfo): Promise<RegistryMeta> {
    const raw = await this.redis.get(keys.registryVersion(version));
    if (!raw) throw new Error(`registry version ${version} is no longer kept`);
    const old = JSON.parse(raw) as VersionRecord;
    return metaOf(await this.write(old.chunks, [], old.counts, { source: 'restore', ...info }));
  }

  /** The current version's compressed chunks, for a worker that needs the registry without us parsing it. */
  async currentChunks(): Promise<{ meta: RegistryMeta; ids: ChunkIds; blobs: Map<string, Buffer> } | null> {
    const meta = await this.meta();
    if (!meta) return null;
    const raw = await this.redis.get(keys.registryVersion(meta.version));
    if (!raw) return null;
    const record = JSON.parse(raw) as VersionRecord;
    return { meta, ids: record.chunks, blobs: await this.fetchChunks(PARTS.flatMap((p) => record.chunks[p])) };
  }

  private async fetchChunks(ids: string[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += FETCH_BATCH) {
      const batch = unique.slice(i, i + FETCH_BATCH);
      const bufs = await this.bin.mGet(batch.map(keys.registryChunk));
      batch.forEach((id, k) => {
        const b = bufs[k];
        if (!b) throw new Error(`registry chunk ${id} is missing`);
        out.set(id, b);
      });
    }
    return out;
  }

  private async read(version: number): Promise<{ record: VersionRecord; registry: Registry }> {
    const raw = await this.redis.get(keys.registryVersion(version));
    if (!raw) throw new Error(`registry version ${version} has no record`);
    const record = JSON.parse(raw) as VersionRecord;
    const blobs = await this.fetchChunks(PARTS.flatMap((p) => record.chunks[p]));
    const parts = {} as Record<RegistryPart, unknown[]>;
    for (const p of PARTS) {
      parts[p] = [];
      for (const id of record.chunks[p]) {
        const items = await decodeChunk(blobs.get(id)!);
        for (const it of items) parts[p].push(it);
      }
    }
    return { record, registry: registryFromParts(parts) };
  }

  private async write(ids: ChunkIds, chunks: EncodedChunk[], counts: Record<RegistryPart, number>, info: SaveInfo): Promise<VersionRecord> {
    const unlock = await this.lock();
    try {
      for (let i = 0; i < chunks.length; i += WRITE_BATCH) {
        const m = this.bin.multi();
        for (const c of chunks.slice(i, i + WRITE_BATCH)) m.set(keys.registryChunk(c.id), Buffer.from(c.gz.buffer, c.gz.byteOffset, c.gz.byteLength));
        await m.exec();
      }
      // Reused chunks come from a version we read earlier; make sure collection has not taken them.
      const written = new Set(chunks.map((c) => c.id));
      const reused = [...new Set(PARTS.flatMap((p) => ids[p]))].filter((id) => !written.has(id));
      if (reused.length > 0 && (await this.redis.exists(reused.map(keys.registryChunk))) !== reused.length) {
        throw new Error('registry chunks of the base version were collected; reload and retry');
      }
      const current = await this.meta();
      const version = await this.redis.incr(keys.registrySeq);
      const record: VersionRecord = {
        hash: combineHash(ids),
        savedAt: new Date().toISOString(),
        households: counts.households,
        version,
        parent: current?.version ?? null,
        source: info.source ?? 'save',
        ...(info.by ? { by: info.by } : {}),
        ...(info.note ? { note: info.note } : {}),
        counts,
        chunks: ids,
      };
      const expect = info.expectVersion === undefined ? '*' : String(info.expectVersion ?? 0);
      const res = await this.redis.eval(FLIP, {
        keys: [keys.registryCurrent, keys.registryVersions, keys.registryVersion(version)],
        arguments: [expect, String(version), JSON.stringify(metaOf(record)), JSON.stringify(record)],
      });
      if (res !== 'OK') throw new RegistryConflictError(Number(res) || null);
      await this.collect();
      return record;
    } finally {
      await unlock();
    }
  }

  /** Drops versions past `keep`, and the chunks only they used. Runs under the write lock. */
  private async collect(): Promise<void> {
    const ns = (await this.redis.lRange(keys.registryVersions, 0, -1)).map(Number);
    if (ns.length <= this.keep) return;
    const kept = ns.slice(0, this.keep);
    const dropped = ns.slice(this.keep);
    const recs = async (list: number[]) =>
      (await this.redis.mGet(list.map(keys.registryVersion))).filter((r): r is string => !!r).map((r) => JSON.parse(r) as VersionRecord);
    const live = new Set((await recs(kept)).flatMap((r) => PARTS.flatMap((p) => r.chunks[p])));
    const dead = new Set((await recs(dropped)).flatMap((r) => PARTS.flatMap((p) => r.chunks[p])).filter((id) => !live.has(id)));
    const m = this.redis.multi().lTrim(keys.registryVersions, 0, this.keep - 1);
    for (const n of dropped) m.unlink(keys.registryVersion(n));
    for (const id of dead) m.unlink(keys.registryChunk(id));
    await m.exec();
  }

  /** One writer at a time across instances: chunk writes, the flip and collection never interleave. */
  private async lock(): Promise<() => Promise<void>> {
    const token = randomBytes(12).toString('hex');
    const key = keys.lock('registry');
    const until = Date.now() + LOCK_MS / 2;
    while ((await this.redis.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: LOCK_MS } })) === null) {
      if (Date.now() > until) throw new Error('registry write lock is held too long');
      await new Promise((r) => setTimeout(r, 25));
    }
    return async () => {
      await this.redis.eval(UNLOCK, { keys: [key], arguments: [token] });
    };
  }

  /** A registry stored by an earlier release (one JSON per part) becomes version 1. */
  private async migrate(): Promise<Registry | null> {
    const legacy = await readLegacy(this.redis);
    if (!legacy) return null;
    try {
      await this.save(legacy, { source: 'migrate', expectVersion: null });
    } catch (err) {
      if (!(err instanceof RegistryConflictError)) throw err; // another instance migrated it first
      return this.load();
    }
    await this.redis.unlink([keys.registryMeta, ...PARTS.map((p) => keys.registry(p))]);
    return legacy;
  }
}

function sameChunk(items: readonly unknown[], old: readonly unknown[], i: number): boolean {
  const from = i * CHUNK_SIZE;
  const to = Math.min(items.length, from + CHUNK_SIZE);
  if (Math.min(old.length, from + CHUNK_SIZE) !== to) return false;
  for (let k = from; k < to; k++) if (items[k] !== old[k]) return false;
  return true;
}

function countsOf(r: Registry): Record<RegistryPart, number> {
  return Object.fromEntries(PARTS.map((p) => [p, partItems(r, p).length])) as Record<RegistryPart, number>;
}
