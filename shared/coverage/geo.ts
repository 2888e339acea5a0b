/**
 * The map's data from the registry, and where each target sits on it. A feature id is the
 * entry's index in the registry's households or villages list: stable for one registry (its
 * hash travels with every snapshot) and a plain number, which `setFeatureState` needs.
 */
import type { Registry } from '../registry';
import { townshipAreas } from './townships';
import type { CoverageGeo, FeatureRef } from './types';

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface FeatureIndex {
  household(id: string): FeatureRef | null;
  village(id: string): FeatureRef | null;
  /** A feedback issue is shown on its household when it has one with coordinates, else its village. */
  issue(id: string): FeatureRef | null;
}

export function featureIndex(registry: Pick<Registry, 'households' | 'villages' | 'issues'>): FeatureIndex {
  const households = new Map<string, number>();
  registry.households.forEach((h, i) => {
    if (h.location) households.set(h.id, i);
  });
  const villages = new Map<string, number>();
  registry.villages.forEach((v, i) => villages.set(v.id, i));
  const household = (id: string): FeatureRef | null => {
    const i = households.get(id);
    return i === undefined ? null : { l: 'h', i };
  };
  const village = (id: string): FeatureRef | null => {
    const i = villages.get(id);
    return i === undefined ? null : { l: 'v', i };
  };
  const issues = new Map(registry.issues.map((x) => [x.id, x]));
  return {
    household,
    village,
    issue(id) {
      const x = issues.get(id);
      if (!x) return null;
      return (x.householdId ? household(x.householdId) : null) ?? village(x.villageId);
    },
  };
}

/**
 * The map payload. `townshipIds` limits it to a group's area (a leader sees only their group);
 * indices stay the registry's, so feature ids mean the same for every viewer.
 */
export function coverageGeo(registry: Registry, hash: string, townshipIds?: ReadonlySet<string>): CoverageGeo {
  const keepTownship = (id: string) => !townshipIds || townshipIds.has(id);
  const keptVillages = new Set<string>();
  const villageIndex = new Map(registry.villages.map((v, i) => [v.id, i]));
  const villages: CoverageGeo['villages'] = { i: [], name: [], xy: [] };
  registry.villages.forEach((v, i) => {
    if (!keepTownship(v.townshipId)) return;
    keptVillages.add(v.id);
    villages.i.push(i);
    villages.name.push(v.name);
    villages.xy.push(round6(v.location.lng), round6(v.location.lat));
  });
  const households: CoverageGeo['households'] = { i: [], xy: [], v: [] };
  registry.households.forEach((h, i) => {
    if (!h.location || !keptVillages.has(h.villageId)) return;
    households.i.push(i);
    households.xy.push(round6(h.location.lng), round6(h.location.lat));
    households.v.push(villageIndex.get(h.villageId) ?? -1);
  });
  const groupOf = new Map(registry.groups.flatMap((g) => g.townshipIds.map((t) => [t, g.id] as const)));
  const townships = townshipAreas(registry)
    .filter((t) => keepTownship(t.id))
    .map((t) => ({ ...t, group: groupOf.get(t.id) ?? null }));
  return {
    registry: hash,
    county: { name: registry.county.name, bbox: registry.county.bbox },
    townships,
    villages,
    households,
  };
}
