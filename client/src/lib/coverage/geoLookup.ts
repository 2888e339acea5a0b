/** Where a map feature is, and what a village is called, from the map's own data. */
import type { CoverageGeo, FeatureRef } from '../../../../shared/coverage/types';

export class GeoLookup {
  private readonly at = new Map<string, [number, number]>();
  private readonly villageNames = new Map<number, string>();
  private readonly villageOf = new Map<number, number>();

  constructor(geo: CoverageGeo) {
    const { households: h, villages: v } = geo;
    for (let k = 0; k < h.i.length; k++) {
      this.at.set(`h:${h.i[k]}`, [h.xy[2 * k]!, h.xy[2 * k + 1]!]);
      this.villageOf.set(h.i[k]!, h.v[k]!);
    }
    for (let k = 0; k < v.i.length; k++) {
      this.at.set(`v:${v.i[k]}`, [v.xy[2 * k]!, v.xy[2 * k + 1]!]);
      this.villageNames.set(v.i[k]!, v.name[k]!);
    }
  }

  lngLat(f: FeatureRef): [number, number] | null {
    return this.at.get(`${f.l}:${f.i}`) ?? null;
  }

  /** The village a household belongs to, by the household's registry index. */
  householdVillage(i: number): string | null {
    const v = this.villageOf.get(i);
    return v === undefined ? null : this.villageName(v);
  }

  villageName(i: number): string | null {
    return this.villageNames.get(i) ?? null;
  }
}
