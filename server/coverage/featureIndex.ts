/**
 * The registry as the coverage feed needs it: feature ids for targets, and the map payload per
 * scope. Rebuilt when the registry's hash changes (checked every few seconds, not per edit:
 * the edit path stays synchronous and never waits for Redis).
 */
import { coverageGeo, featureIndex, type FeatureIndex } from '../../shared/coverage/geo';
import type { CoverageGeo } from '../../shared/coverage/types';
import type { Registry } from '../../shared/registry';
import type { Logger } from '../logger';
import type { RegistryRepo } from '../registry/repo';

const EMPTY: FeatureIndex = { household: () => null, village: () => null, issue: () => null };

export class RegistryView {
  hash = '';
  index: FeatureIndex = EMPTY;
  registry: Registry | null = null;
  private readonly geoCache = new Map<string, CoverageGeo>();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<boolean> | null = null;

  constructor(
    private readonly repo: RegistryRepo,
    private readonly log: Logger,
  ) {}

  /** Loads now, then checks for a new registry every `everyMs`; `onChange` runs after a swap. */
  async start(everyMs: number, onChange: () => void): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      void this.refresh().then((changed) => changed && onChange());
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** True when the registry changed. A failed read keeps the old one (and says so). */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const meta = await this.repo.meta();
        if (!meta || meta.hash === this.hash) return false;
        const registry = await this.repo.load();
        if (!registry) return false;
        this.registry = registry;
        this.hash = meta.hash;
        this.index = featureIndex(registry);
        this.geoCache.clear();
        // The county's map payload (Voronoi, unions: about a second of CPU) is built now, in the
        // background, rather than on the first command centre's request.
        setTimeout(() => this.geo(null), 0).unref();
        return true;
      } catch (err) {
        this.log.warn('coverage.registry_refresh_failed', { err });
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** The map payload for the county, or for one group's townships. */
  geo(groupId: string | null): CoverageGeo | null {
    const r = this.registry;
    if (!r) return null;
    const key = groupId ?? '*';
    let g = this.geoCache.get(key);
    if (!g) {
      const townships = groupId ? new Set(r.groups.find((x) => x.id === groupId)?.townshipIds ?? []) : undefined;
      g = coverageGeo(r, this.hash, townships);
      this.geoCache.set(key, g);
    }
    return g;
  }
}
