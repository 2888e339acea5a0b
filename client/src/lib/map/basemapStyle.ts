/**
 * The admin's PMTiles basemap as style sources and layers, drawn under our own layers. Pure data
 * from the server's description of the archive (`BasemapConfig`). It must stay quiet — the
 * coverage dots are the point of the map — so: greyed raster, or a pale vector style with no
 * text at all (text would need a glyphs URL, and nothing may be fetched from anywhere but us).
 *
 * A vector archive in the Protomaps basemap schema (earth, water, landuse, roads, boundaries, …)
 * gets a restrained light style; any other vector archive gets each layer drawn generically.
 */
import type { BasemapConfig, BasemapLayer } from '../../../../shared/coverage/types';

export const BASEMAP_SOURCE = 'basemap';
/** Every basemap layer id starts with this (tests and the legend tell them from ours by it). */
export const BASEMAP_PREFIX = 'basemap-';
/** A generic archive with more layers than this draws only the first ones: a wall screen renders in software. */
export const GENERIC_MAX_LAYERS = 40;

export type StyleLayer = Record<string, unknown>;

export interface BasemapStyle {
  sources: Record<string, Record<string, unknown>>;
  layers: StyleLayer[];
}

/** The layers that make an archive a Protomaps basemap (v3/v4 schema). */
const PROTOMAPS_CORE = ['earth', 'water', 'roads'] as const;

export function isProtomapsSchema(layers: readonly BasemapLayer[]): boolean {
  const ids = new Set(layers.map((l) => l.id));
  return PROTOMAPS_CORE.every((id) => ids.has(id));
}

const POLYGON = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const LINE = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const kindIn = (kinds: string[]) => ['match', ['get', 'kind'], kinds, true, false];
const zoomWidth = (stops: [number, number][]) => ['interpolate', ['exponential', 1.6], ['zoom'], ...stops.flat()];

/** Pale paper, pale water, faint greens, grey roads, dashed admin lines: nothing competes with the dots. */
function protomapsLayers(have: ReadonlySet<string>): StyleLayer[] {
  const src = { source: BASEMAP_SOURCE };
  const layers: StyleLayer[] = [
    { id: `${BASEMAP_PREFIX}earth`, type: 'fill', ...src, 'source-layer': 'earth', filter: POLYGON, paint: { 'fill-color': '#f4f3ef' } },
  ];
  if (have.has('landcover')) {
    layers.push({
      id: `${BASEMAP_PREFIX}landcover`,
      type: 'fill',
      ...src,
      'source-layer': 'landcover',
      filter: ['all', POLYGON, kindIn(['forest', 'grassland', 'scrub', 'farmland'])],
      paint: { 'fill-color': ['match', ['get', 'kind'], 'farmland', '#eef0e4', '#e6ecdf'], 'fill-opacity': 0.7 },
    });
  }
  if (have.has('landuse')) {
    layers.push({
      id: `${BASEMAP_PREFIX}landuse`,
      type: 'fill',
      ...src,
      'source-layer': 'landuse',
      filter: ['all', POLYGON, kindIn(['park', 'forest', 'wood', 'nature_reserve', 'grass', 'grassland', 'meadow', 'farmland', 'orchard', 'scrub'])],
      paint: { 'fill-color': ['match', ['get', 'kind'], ['farmland', 'orchard'], '#eef0e4', '#e3eadb'], 'fill-opacity': 0.7 },
    });
  }
  layers.push(
    { id: `${BASEMAP_PREFIX}water`, type: 'fill', ...src, 'source-layer': 'water', filter: POLYGON, paint: { 'fill-color': '#cbdcea' } },
    {
      id: `${BASEMAP_PREFIX}waterway`,
      type: 'line',
      ...src,
      'source-layer': 'water',
      filter: LINE,
      minzoom: 9,
      paint: { 'line-color': '#cbdcea', 'line-width': zoomWidth([[9, 0.5], [15, 2]]) },
    },
  );
  if (have.has('boundaries')) {
    layers.push({
      id: `${BASEMAP_PREFIX}boundaries`,
      type: 'line',
      ...src,
      'source-layer': 'boundaries',
      filter: kindIn(['country', 'region', 'county']),
      paint: { 'line-color': '#b9b3c6', 'line-width': ['match', ['get', 'kind'], 'county', 0.7, 1.1], 'line-dasharray': [3, 2] },
    });
  }
  layers.push(
    {
      id: `${BASEMAP_PREFIX}roads-minor`,
      type: 'line',
      ...src,
      'source-layer': 'roads',
      minzoom: 12,
      filter: ['all', LINE, kindIn(['minor_road', 'other'])],
      paint: { 'line-color': '#e1e3e6', 'line-width': zoomWidth([[12, 0.4], [16, 2.5]]) },
    },
    {
      id: `${BASEMAP_PREFIX}roads-major`,
      type: 'line',
      ...src,
      'source-layer': 'roads',
      filter: ['all', LINE, kindIn(['major_road'])],
      paint: { 'line-color': '#dcdee2', 'line-width': zoomWidth([[9, 0.4], [16, 3.5]]) },
    },
    {
      id: `${BASEMAP_PREFIX}roads-highway`,
      type: 'line',
      ...src,
      'source-layer': 'roads',
      filter: ['all', LINE, kindIn(['highway'])],
      paint: { 'line-color': '#d3d5d9', 'line-width': zoomWidth([[7, 0.6], [16, 5]]) },
    },
  );
  return layers;
}

/** Any other vector archive: faint fills for polygons, thin grey lines for lines, points left out. */
function genericLayers(layers: readonly BasemapLayer[], sourceMinzoom: number): StyleLayer[] {
  const fills: StyleLayer[] = [];
  const lines: StyleLayer[] = [];
  layers.slice(0, GENERIC_MAX_LAYERS).forEach((l, i) => {
    // Layer ids are ours (by index): the archive's names can be anything, even duplicates of ours.
    const common = { source: BASEMAP_SOURCE, 'source-layer': l.id, ...(l.minzoom !== undefined && l.minzoom > sourceMinzoom ? { minzoom: l.minzoom } : {}) };
    if (l.geometry === undefined || l.geometry === 'polygon') {
      fills.push({ id: `${BASEMAP_PREFIX}fill-${i}`, type: 'fill', ...common, filter: POLYGON, paint: { 'fill-color': '#d9dde2', 'fill-opacity': 0.35 } });
    }
    if (l.geometry === undefined || l.geometry === 'line') {
      lines.push({ id: `${BASEMAP_PREFIX}line-${i}`, type: 'line', ...common, filter: LINE, paint: { 'line-color': '#b8bec6', 'line-width': 0.6 } });
    }
  });
  return [...fills, ...lines];
}

/** `tiles`: the tile URL template (`pmtiles://<archive URL>/{z}/{x}/{y}`). */
export function basemapStyle(b: BasemapConfig, tiles: string): BasemapStyle {
  const common = { tiles: [tiles], minzoom: b.minzoom, maxzoom: b.maxzoom, bounds: b.bounds, ...(b.attribution ? { attribution: b.attribution } : {}) };
  if (b.tileType !== 'mvt') {
    return {
      // Raster archives are usually 256 px tiles; a 512 px one is drawn sharper, not wrong.
      sources: { [BASEMAP_SOURCE]: { type: 'raster', tileSize: 256, ...common } },
      layers: [{ id: `${BASEMAP_PREFIX}raster`, type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-saturation': -0.6, 'raster-opacity': 0.75, 'raster-fade-duration': 0 } }],
    };
  }
  const layers = isProtomapsSchema(b.vectorLayers) ? protomapsLayers(new Set(b.vectorLayers.map((l) => l.id))) : genericLayers(b.vectorLayers, b.minzoom);
  return { sources: { [BASEMAP_SOURCE]: { type: 'vector', ...common } }, layers };
}
