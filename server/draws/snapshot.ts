/**
 * The registry snapshot a draw is made from, as the canonical JSON bytes that are hashed and
 * stored. Serialising 20,000 households takes ~0.1 s, so the bytes are kept while
 * `RegistryRepo.load()` hands back the same object (it re-parses only after an import).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/draw';
import type { Registry } from '../../shared/registry';
import type { RegistryRepo } from '../registry/repo';

export interface RegistrySnapshot {
  registry: Registry;
  canonical: string;
  /** SHA-256 of `canonical` (node:crypto; the same hex as the draw engine's `hashCanonical`). */
  hash: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class SnapshotCache {
  private cached: RegistrySnapshot | null = null;

  constructor(private readonly registry: RegistryRepo) {}

  /** The current registry's snapshot, or null when no registry was ever imported. */
  async current(): Promise<RegistrySnapshot | null> {
    const registry = await this.registry.load();
    if (!registry) return null;
    if (this.cached?.registry === registry) return this.cached;
    const canonical = canonicalJson(registry);
    this.cached = { registry, canonical, hash: sha256(canonical) };
    return this.cached;
  }

  /** The registry with this snapshot hash if it is the one in memory (saves parsing 3.5 MB). */
  known(hash: string): Registry | undefined {
    return this.cached?.hash === hash ? this.cached.registry : undefined;
  }
}
