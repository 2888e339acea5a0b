/**
 * The county registry in Redis: one JSON value per part, replaced together in one MULTI so
 * readers never see half of an import. A content hash identifies the snapshot.
 */
import { createHash } from 'node:crypto';
import type { Registry } from '../../shared/registry';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';

const PARTS = ['county', 'townships', 'villages', 'households', 'contacts', 'issues', 'units', 'groups'] as const;

export interface RegistryMeta {
  hash: string;
  savedAt: string;
  households: number;
}

export function registryHash(r: Registry): string {
  const h = createHash('sha256');
  for (const p of PARTS) h.update(JSON.stringify(r[p]));
  return h.digest('hex');
}

export class RegistryRepo {
  private cache: { hash: string; registry: Registry } | null = null;

  constructor(private readonly redis: Redis) {}

  async save(r: Registry): Promise<RegistryMeta> {
    const meta: RegistryMeta = { hash: registryHash(r), savedAt: new Date().toISOString(), households: r.households.length };
    const m = this.redis.multi();
    for (const p of PARTS) m.set(keys.registry(p), JSON.stringify(r[p]));
    m.set(keys.registryMeta, JSON.stringify(meta));
    await m.exec();
    this.cache = { hash: meta.hash, registry: r };
    return meta;
  }

  async meta(): Promise<RegistryMeta | null> {
    const raw = await this.redis.get(keys.registryMeta);
    return raw ? (JSON.parse(raw) as RegistryMeta) : null;
  }

  /** The current registry; parsed once per change (20,000 households parse in tens of ms). */
  async load(): Promise<Registry | null> {
    // Meta and parts in one MULTI: a concurrent save cannot mix two versions.
    const res = (await this.redis
      .multi()
      .get(keys.registryMeta)
      .mGet(PARTS.map((p) => keys.registry(p)))
      .exec()) as unknown as [string | null, (string | null)[]];
    const [metaRaw, raws] = res;
    if (!metaRaw || raws.some((r) => r === null)) return null;
    const meta = JSON.parse(metaRaw) as RegistryMeta;
    if (this.cache?.hash === meta.hash) return this.cache.registry;
    const r = Object.fromEntries(PARTS.map((p, i) => [p, JSON.parse(raws[i]!)])) as unknown as Registry;
    this.cache = { hash: meta.hash, registry: r };
    return r;
  }
}
