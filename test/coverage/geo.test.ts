/** [CV4] The map's own data from the registry: township areas, feature ids, per-group payloads. */
import { booleanPointInPolygon, multiPolygon, point } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { coverageGeo, featureIndex } from '../../shared/coverage/geo';
import { townshipAreas } from '../../shared/coverage/townships';
import { generateDemoCounty } from '../../shared/demo/generate';

const registry = generateDemoCounty();

describe('[CV4] the offline basemap’s data', () => {
  const areas = townshipAreas(registry);

  it('gives every township an area that holds its own villages and no other township’s', () => {
    expect(areas.map((a) => a.id).sort()).toEqual(registry.townships.map((t) => t.id).sort());
    const polys = new Map(areas.map((a) => [a.id, multiPolygon(a.rings)]));
    for (const v of registry.villages) {
      const at = point([v.location.lng, v.location.lat]);
      expect(booleanPointInPolygon(at, polys.get(v.townshipId)!), `${v.name} in its township`).toBe(true);
      for (const [id, poly] of polys) if (id !== v.townshipId) expect(booleanPointInPolygon(at, poly)).toBe(false);
    }
  });

  it('keeps nearly every household inside some township area (the outline reaches past the villages)', () => {
    const polys = areas.map((a) => multiPolygon(a.rings));
    const located = registry.households.filter((h) => h.location);
    const sample = located.filter((_, i) => i % 50 === 0);
    const inside = sample.filter((h) => polys.some((p) => booleanPointInPolygon(point([h.location!.lng, h.location!.lat]), p)));
    expect(inside.length / sample.length).toBeGreaterThan(0.99);
  });

  it('numbers features by registry index, and places an issue on its household or else its village', () => {
    const index = featureIndex(registry);
    const h = registry.households.findIndex((x) => x.location);
    expect(index.household(registry.households[h]!.id)).toEqual({ l: 'h', i: h });
    expect(index.village(registry.villages[3]!.id)).toEqual({ l: 'v', i: 3 });
    const onVillage = registry.issues.find((x) => !x.householdId);
    if (onVillage) expect(index.issue(onVillage.id)).toEqual({ l: 'v', i: registry.villages.findIndex((v) => v.id === onVillage.villageId) });
    const onHousehold = registry.issues.find((x) => x.householdId && registry.households.find((y) => y.id === x.householdId)?.location);
    if (onHousehold) expect(index.issue(onHousehold.id)?.l).toBe('h');
    expect(index.household('nope')).toBeNull();
  });

  it('limits a group’s payload to its townships, with the same feature ids as the county’s', () => {
    const county = coverageGeo(registry, 'hash');
    const group = registry.groups[1]!;
    const mine = coverageGeo(registry, 'hash', new Set(group.townshipIds));
    expect(new Set(mine.townships.map((t) => t.id))).toEqual(new Set(group.townshipIds));
    expect(mine.townships.every((t) => t.group === group.id)).toBe(true);
    const villageIds = new Set(registry.villages.filter((v) => group.townshipIds.includes(v.townshipId)).map((_, i) => i));
    expect(mine.villages.i.length).toBe(villageIds.size);
    expect(mine.households.i.length).toBeLessThan(county.households.i.length);
    const k = 7;
    const id = mine.households.i[k]!;
    const kc = county.households.i.indexOf(id);
    expect([mine.households.xy[2 * k], mine.households.xy[2 * k + 1]]).toEqual([county.households.xy[2 * kc], county.households.xy[2 * kc + 1]]);
    expect(registry.villages[mine.households.v[k]!]!.townshipId).toSatisfy((t: string) => group.townshipIds.includes(t));
  });
});
