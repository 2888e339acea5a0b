/**
 * Township areas for the offline basemap. The registry has no boundaries, only village points, so
 * an area is the union of its villages' Voronoi cells, clipped to the county's outline (the convex
 * hull of every village, widened a little). Good enough to read "which township is this" on a
 * wall screen; not a cadastral boundary.
 */
import { Delaunay } from 'd3-delaunay';
import { buffer, convex, featureCollection, intersect, point, polygon, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Registry } from '../registry';

/** How far the outline reaches past the outermost villages (their households live around them). */
const HULL_MARGIN_KM = 3;
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

export interface TownshipArea {
  id: string;
  name: string;
  /** Where the name goes: the mean of the township's villages (inside its cluster). */
  label: [number, number];
  /** MultiPolygon coordinates (a township can come out in more than one piece). */
  rings: [number, number][][][];
}

function asMulti(f: Feature<Polygon | MultiPolygon> | null): [number, number][][][] {
  if (!f) return [];
  const g = f.geometry;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((p) => p.map((ring) => ring.map(([x, y]) => [round5(x!), round5(y!)] as [number, number])));
}

export function townshipAreas(registry: Pick<Registry, 'county' | 'townships' | 'villages'>): TownshipArea[] {
  const villages = registry.villages.filter((v) => Number.isFinite(v.location?.lng) && Number.isFinite(v.location?.lat));
  if (villages.length === 0) return [];
  const [w, s, e, n] = registry.county.bbox;
  const pad = 0.1;
  const voronoi = Delaunay.from(
    villages,
    (v) => v.location.lng,
    (v) => v.location.lat,
  ).voronoi([w - pad, s - pad, e + pad, n + pad]);

  const hullPoints = featureCollection(villages.map((v) => point([v.location.lng, v.location.lat])));
  const hull = villages.length >= 3 ? convex(hullPoints) : null;
  const outline = hull ? buffer(hull, HULL_MARGIN_KM, { units: 'kilometers' }) : null;

  const cellsByTownship = new Map<string, Feature<Polygon | MultiPolygon>[]>();
  villages.forEach((v, i) => {
    const ring = voronoi.cellPolygon(i);
    if (!ring || ring.length < 4) return;
    const cell = polygon([ring.map(([x, y]) => [x, y])]);
    const clipped = outline ? intersect(featureCollection([cell, outline as Feature<Polygon>])) : cell;
    if (!clipped) return;
    const list = cellsByTownship.get(v.townshipId) ?? [];
    list.push(clipped);
    cellsByTownship.set(v.townshipId, list);
  });

  const out: TownshipArea[] = [];
  for (const t of registry.townships) {
    const cells = cellsByTownship.get(t.id);
    if (!cells || cells.length === 0) continue;
    const merged = cells.length === 1 ? cells[0]! : union(featureCollection(cells));
    const own = villages.filter((v) => v.townshipId === t.id);
    const label: [number, number] = [
      round5(own.reduce((a, v) => a + v.location.lng, 0) / own.length),
      round5(own.reduce((a, v) => a + v.location.lat, 0) / own.length),
    ];
    out.push({ id: t.id, name: t.name, label, rings: asMulti(merged) });
  }
  return out;
}
