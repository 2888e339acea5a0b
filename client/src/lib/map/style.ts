/**
 * The offline map: a plain background and our own GeoJSON layers — township areas, villages,
 * households — over the admin's PMTiles basemap when there is one (`basemapStyle.ts`, served by
 * our server). No sprites or glyph URLs: every label is drawn in the browser from the system's
 * fonts (maplibre without a `glyphs` URL, CJK through `localIdeographFontFamily`), so the map
 * needs nothing but our server. Pure data; both engines take it.
 */
import type { CoverageGeo } from '../../../../shared/coverage/types';
import type { BasemapStyle } from './basemapStyle';
import { BASE_DOT, BASE_DOT_FADED, groupOrder, groupTint, STATE_COLORS } from './palette';

/**
 * Households come as two sources with the same numeric ids: `household-base`, every household
 * (grey, static, drawn only from zoom 10.6), and `households`, only those on today's lists — the
 * dots with feature state. A state change then touches a few hundred features' paint buffers, not
 * 20,000, and a county-scale repaint draws only those few hundred circles.
 */
export const SOURCES = { households: 'households', householdBase: 'household-base', villages: 'villages', townships: 'townships', townshipLabels: 'township-labels' } as const;
export const LAYERS = { households: 'households', householdBase: 'household-base', village: 'villages', villageLabel: 'village-labels' } as const;
/** Layers a click can pick a target from. */
export const CLICKABLE = [LAYERS.households, LAYERS.householdBase, LAYERS.village] as const;
/** Below this zoom grey (not drawn) households are not drawn at all. */
export const BASE_MINZOOM = 10.6;

/** CSS font families for labels; the first one installed wins (Noto CJK on Debian, then Windows/mac). */
export const LABEL_FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

type Feature = { type: 'Feature'; id?: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } };
export type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

function points(ids: number[], xy: number[], props: (k: number) => Record<string, unknown> = () => ({})): FeatureCollection {
  const features: Feature[] = new Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    features[k] = { type: 'Feature', id: ids[k]!, properties: props(k), geometry: { type: 'Point', coordinates: [xy[2 * k]!, xy[2 * k + 1]!] } };
  }
  return { type: 'FeatureCollection', features };
}

/** The households with these feature ids, in the registry's order (ids not in `geo` are skipped). */
export function householdPoints(geo: CoverageGeo, ids: ReadonlySet<number>): FeatureCollection {
  const keep: number[] = [];
  const xy: number[] = [];
  const all = geo.households.i;
  for (let k = 0; k < all.length; k++) {
    if (!ids.has(all[k]!)) continue;
    keep.push(all[k]!);
    xy.push(geo.households.xy[2 * k]!, geo.households.xy[2 * k + 1]!);
  }
  return points(keep, xy);
}

/** Every source's data; `households` (today's dots) holds the `drawn` ids. */
export function geoSources(geo: CoverageGeo, drawn: ReadonlySet<number> = new Set()): Record<(typeof SOURCES)[keyof typeof SOURCES], FeatureCollection> {
  return {
    households: householdPoints(geo, drawn),
    'household-base': points(geo.households.i, geo.households.xy),
    villages: points(geo.villages.i, geo.villages.xy, (k) => ({ name: geo.villages.name[k] })),
    townships: {
      type: 'FeatureCollection',
      features: geo.townships.map((t) => ({ type: 'Feature', properties: { name: t.name, g: t.group ?? '' }, geometry: { type: 'MultiPolygon', coordinates: t.rings } })),
    },
    'township-labels': {
      type: 'FeatureCollection',
      features: geo.townships.map((t) => ({ type: 'Feature', properties: { name: t.name }, geometry: { type: 'Point', coordinates: t.label } })),
    },
  };
}

const S = ['coalesce', ['feature-state', 's'], 0];
const drawn = ['>', S, 0];
const stateColor = ['match', S, 1, STATE_COLORS[1], 2, STATE_COLORS[2], 3, STATE_COLORS[3], 4, STATE_COLORS[4], BASE_DOT];

export interface StyleOptions {
  /** mapbox-gl wants a glyphs URL whenever a layer has text, even though it draws them locally. */
  glyphs?: string;
  /** Drawn under everything of ours; township areas then let it show through. */
  basemap?: BasemapStyle;
}

export function coverageStyle(geo: CoverageGeo, opts: StyleOptions = {}): Record<string, unknown> {
  const data = geoSources(geo);
  const order = groupOrder(geo.townships.flatMap((t) => (t.group ? [t.group] : [])));
  const tint = order.length > 0 ? ['match', ['get', 'g'], ...order.flatMap((g) => [g, groupTint(order, g)]), groupTint(order, null)] : groupTint(order, null);
  const font = ['Noto Sans CJK SC Regular'];
  return {
    version: 8,
    name: 'suicha-offline',
    ...(opts.glyphs ? { glyphs: opts.glyphs } : {}),
    sources: {
      ...opts.basemap?.sources,
      ...Object.fromEntries(
        Object.entries(data).map(([id, fc]) => [
          id,
          // Households are tens of thousands of small dots: a tile buffer just wider than the largest
          // dot (the default is 128) keeps each tile from carrying its neighbours' dots too.
          id === SOURCES.households || id === SOURCES.householdBase ? { type: 'geojson', data: fc, buffer: 16, maxzoom: 14 } : { type: 'geojson', data: fc },
        ]),
      ),
    },
    layers: [
      ...(opts.basemap?.layers ?? []),
      // No background layer: the canvas is cleared transparent and the page's colour shows through
      // (one full-screen pass less per frame); township areas are opaque (no blending) — unless
      // there is a basemap to see through them.
      {
        id: 'township-fill',
        type: 'fill',
        source: SOURCES.townships,
        paint: { 'fill-color': tint, 'fill-antialias': false, ...(opts.basemap ? { 'fill-opacity': 0.5 } : {}) },
      },
      { id: 'township-line', type: 'line', source: SOURCES.townships, paint: { 'line-color': '#9aa3ae', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 13, 2], 'line-dasharray': [3, 2] } },
      {
        id: LAYERS.village,
        type: 'circle',
        source: SOURCES.villages,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['case', drawn, 6, 2.5], 13, ['case', drawn, 11, 5]],
          'circle-color': ['case', drawn, stateColor, '#ffffff'],
          'circle-opacity': ['case', drawn, 0.35, 1],
          'circle-stroke-color': ['case', drawn, stateColor, '#6b7480'],
          'circle-stroke-width': ['case', drawn, 2.5, 1.2],
        },
      },
      {
        // Grey, static paint (no feature state), and only once zoomed in: at county scale 20,000
        // specks are noise, and every one costs a software-rendered wall screen on every repaint.
        id: LAYERS.householdBase,
        type: 'circle',
        source: SOURCES.householdBase,
        minzoom: BASE_MINZOOM,
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], BASE_MINZOOM, 0, 12, 2, 15, 4], 'circle-color': BASE_DOT_FADED },
      },
      {
        // Today's households, coloured by state. A dot leaving the lists has state 0 until the
        // source drops it: it is hidden meanwhile.
        id: LAYERS.households,
        type: 'circle',
        source: SOURCES.households,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['case', drawn, 3.8, 0], BASE_MINZOOM, ['case', drawn, 5.3, 0], 12, ['case', drawn, 6.5, 0], 15, ['case', drawn, 9, 0]],
          'circle-color': stateColor,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': ['case', drawn, 1.2, 0],
        },
      },
      {
        id: LAYERS.villageLabel,
        type: 'symbol',
        source: SOURCES.villages,
        minzoom: 10.6,
        layout: { 'text-field': ['get', 'name'], 'text-font': font, 'text-size': 12, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-optional': true },
        paint: { 'text-color': '#38414d', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
      },
      {
        id: 'township-labels',
        type: 'symbol',
        source: SOURCES.townshipLabels,
        layout: { 'text-field': ['get', 'name'], 'text-font': font, 'text-size': ['interpolate', ['linear'], ['zoom'], 8, 13, 12, 18], 'text-letter-spacing': 0.1, 'text-allow-overlap': true },
        paint: { 'text-color': '#2b323c', 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 2 },
      },
    ],
  };
}

/** The box around the map's own data (a leader's payload covers only their group's area). */
export function dataBounds(geo: CoverageGeo, townshipFilter?: (t: CoverageGeo['townships'][number]) => boolean): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const add = (x: number, y: number) => {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  };
  // Township areas reach past the outermost villages to cover their households.
  const keep = townshipFilter ?? (() => true);
  for (const t of geo.townships) if (keep(t)) for (const poly of t.rings) for (const ring of poly) for (const [x, y] of ring) add(x, y);
  if (!Number.isFinite(w) && !townshipFilter) {
    const xy = geo.villages.xy;
    for (let k = 0; k + 1 < xy.length; k += 2) add(xy[k]!, xy[k + 1]!);
  }
  return Number.isFinite(w) ? [w, s, e, n] : geo.county.bbox;
}
