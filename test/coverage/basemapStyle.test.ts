/**
 * The basemap's metadata → style layers (client/src/lib/map/basemapStyle.ts): a raster archive is
 * one greyed raster layer; a Protomaps archive gets the light style for the layers it has; any
 * other vector archive gets a fill and/or a line per layer. Every style is checked against the
 * maplibre style spec itself, and none may need glyphs, sprites or any URL but the archive.
 */
import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it, vi } from 'vitest';
import type { BasemapConfig, BasemapLayer, CoverageGeo } from '../../shared/coverage/types';
import { BASEMAP_PREFIX, BASEMAP_SOURCE, basemapStyle, GENERIC_MAX_LAYERS, isProtomapsSchema, type StyleLayer } from '../../client/src/lib/map/basemapStyle';
import { createWithEngine } from '../../client/src/lib/map/createMapView';
import type { GlEngine } from '../../client/src/lib/map/mapView';
import { coverageStyle } from '../../client/src/lib/map/style';

const TILES = 'pmtiles://http://127.0.0.1:8080/api/map/basemap/abc.pmtiles/{z}/{x}/{y}';
const geo: CoverageGeo = {
  registry: 'r1',
  county: { name: '示范县', bbox: [116.6, 31.2, 117.2, 31.6] },
  townships: [{ id: 't1', name: '城关镇', group: 'g1', label: [116.8, 31.4], rings: [[[[116.7, 31.3], [116.9, 31.3], [116.9, 31.5], [116.7, 31.3]]]] }],
  villages: { i: [0], name: ['东风村'], xy: [116.75, 31.35] },
  households: { i: [0], xy: [116.751, 31.351], v: [0] },
};

function config(tileType: BasemapConfig['tileType'], vectorLayers: BasemapLayer[] = []): BasemapConfig {
  return { url: '/api/map/basemap/abc.pmtiles', tileType, bounds: [116, 31, 118, 32], minzoom: 0, maxzoom: 14, vectorLayers, attribution: '© OpenStreetMap' };
}

const PROTOMAPS: BasemapLayer[] = ['boundaries', 'buildings', 'earth', 'landcover', 'landuse', 'places', 'pois', 'roads', 'transit', 'water'].map((id) => ({ id }));

/** The whole map style with this basemap under our layers, validated by maplibre's style spec. */
function validFullStyle(b: BasemapConfig): Record<string, unknown> {
  const style = coverageStyle(geo, { basemap: basemapStyle(b, TILES) });
  const errors = validateStyleMin(style as unknown as StyleSpecification);
  expect(errors.map((e) => e.message)).toEqual([]);
  return style;
}

function expectQuietAndOffline(layers: StyleLayer[]): void {
  for (const l of layers) {
    expect(String(l.id).startsWith(BASEMAP_PREFIX)).toBe(true);
    expect(l.source).toBe(BASEMAP_SOURCE);
    // Text needs a glyphs URL; icons need a sprite. Neither may reach past our server.
    expect(l.type).not.toBe('symbol');
    expect(JSON.stringify(l)).not.toMatch(/https?:|text-|icon-/);
  }
}

describe('[CV11] basemapStyle', () => {
  it('draws a raster archive as one desaturated, translucent raster layer on a pmtiles source', () => {
    for (const tileType of ['png', 'jpg', 'webp'] as const) {
      const s = basemapStyle(config(tileType), TILES);
      expect(s.sources[BASEMAP_SOURCE]).toEqual({
        type: 'raster',
        tileSize: 256,
        tiles: [TILES],
        minzoom: 0,
        maxzoom: 14,
        bounds: [116, 31, 118, 32],
        attribution: '© OpenStreetMap',
      });
      expect(s.layers).toHaveLength(1);
      const paint = s.layers[0]!.paint as Record<string, number>;
      expect(s.layers[0]!.type).toBe('raster');
      expect(paint['raster-saturation']).toBeLessThan(0);
      expect(paint['raster-opacity']).toBeLessThan(1);
      expectQuietAndOffline(s.layers);
      validFullStyle(config(tileType));
    }
  });

  it('recognises the Protomaps schema by its core layers, and only then', () => {
    expect(isProtomapsSchema(PROTOMAPS)).toBe(true);
    expect(isProtomapsSchema([{ id: 'earth' }, { id: 'water' }, { id: 'roads' }])).toBe(true);
    expect(isProtomapsSchema([{ id: 'earth' }, { id: 'water' }])).toBe(false);
    expect(isProtomapsSchema([{ id: 'water' }, { id: 'transportation' }, { id: 'landcover' }])).toBe(false);
  });

  it('gives a Protomaps archive the light style: earth, land, water, boundaries, roads — no labels, buildings or POIs', () => {
    const s = basemapStyle(config('mvt', PROTOMAPS), TILES);
    expect(s.sources[BASEMAP_SOURCE]).toMatchObject({ type: 'vector', tiles: [TILES], minzoom: 0, maxzoom: 14, bounds: [116, 31, 118, 32] });
    const used = new Set(s.layers.map((l) => l['source-layer']));
    expect([...used].sort()).toEqual(['boundaries', 'earth', 'landcover', 'landuse', 'roads', 'water']);
    // Painted bottom up: the earth first, roads over water, nothing over the roads.
    expect(s.layers[0]!['source-layer']).toBe('earth');
    const at = (sl: string) => s.layers.findIndex((l) => l['source-layer'] === sl);
    expect(at('water')).toBeLessThan(at('roads'));
    expect(s.layers[s.layers.length - 1]!['source-layer']).toBe('roads');
    expectQuietAndOffline(s.layers);
    validFullStyle(config('mvt', PROTOMAPS));
  });

  it('leaves out the Protomaps layers an extract does not have', () => {
    const s = basemapStyle(config('mvt', [{ id: 'earth' }, { id: 'water' }, { id: 'roads' }]), TILES);
    expect(new Set(s.layers.map((l) => l['source-layer']))).toEqual(new Set(['earth', 'water', 'roads']));
    validFullStyle(config('mvt', [{ id: 'earth' }, { id: 'water' }, { id: 'roads' }]));
  });

  it('draws any other vector archive generically: faint fills for polygons, thin grey lines for lines, no points', () => {
    const layers: BasemapLayer[] = [
      { id: 'landcover', geometry: 'polygon' },
      { id: 'transportation', geometry: 'line', minzoom: 8 },
      { id: 'poi', geometry: 'point' },
      { id: 'mixed' },
      { id: 'water' }, // not Protomaps without earth and roads
    ];
    const s = basemapStyle(config('mvt', layers), TILES);
    const summary = s.layers.map((l) => `${l.type}:${String(l['source-layer'])}`);
    expect(summary).toEqual(['fill:landcover', 'fill:mixed', 'fill:water', 'line:transportation', 'line:mixed', 'line:water']);
    for (const l of s.layers) {
      const paint = l.paint as Record<string, unknown>;
      if (l.type === 'fill') expect(paint['fill-opacity']).toBeLessThanOrEqual(0.5);
      else expect(paint['line-width']).toBeLessThanOrEqual(1);
    }
    expect(s.layers.find((l) => l['source-layer'] === 'transportation')!.minzoom).toBe(8);
    expect(new Set(s.layers.map((l) => l.id)).size).toBe(s.layers.length);
    expectQuietAndOffline(s.layers);
    validFullStyle(config('mvt', layers));
  });

  it('keeps our own ids even when an archive names its layers like ours, and caps a huge archive', () => {
    const many: BasemapLayer[] = Array.from({ length: GENERIC_MAX_LAYERS + 10 }, (_, i) => ({ id: i === 0 ? 'households' : `layer ${i}`, geometry: 'polygon' }));
    const s = basemapStyle(config('mvt', many), TILES);
    expect(s.layers).toHaveLength(GENERIC_MAX_LAYERS);
    const style = validFullStyle(config('mvt', many));
    const ids = (style.layers as StyleLayer[]).map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sits under every layer of ours, and lets the township areas show it through', () => {
    const plain = coverageStyle(geo);
    const withBasemap = validFullStyle(config('png'));
    const layers = withBasemap.layers as StyleLayer[];
    expect(layers[0]!.id).toBe(`${BASEMAP_PREFIX}raster`);
    expect(layers.slice(1).map((l) => l.id)).toEqual((plain.layers as StyleLayer[]).map((l) => l.id));
    const fill = (st: Record<string, unknown>) => ((st.layers as StyleLayer[]).find((l) => l.id === 'township-fill')!.paint as Record<string, unknown>)['fill-opacity'];
    expect(fill(plain)).toBeUndefined();
    expect(fill(withBasemap)).toBeLessThan(1);
    expect(Object.keys(plain.sources as object)).not.toContain(BASEMAP_SOURCE);
    expect(withBasemap.glyphs).toBeUndefined();
    expect(withBasemap.sprite).toBeUndefined();
  });
});

/** Just enough of an engine to be built on: records the options and protocols it was given. */
function recordingEngine(withProtocols: boolean) {
  const made: Record<string, unknown>[] = [];
  const protocols: string[] = [];
  class FakeMap {
    private listeners = new Map<string, ((e: unknown) => void)[]>();
    constructor(opts: Record<string, unknown>) {
      made.push(opts);
      setTimeout(() => (this.listeners.get('load') ?? []).forEach((f) => f({})), 0);
    }
    on(type: string, a: unknown, b?: unknown) {
      if (typeof a === 'string') return this;
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), (a ?? b) as (e: unknown) => void]);
      return this;
    }
    getCanvas() {
      return { style: {} };
    }
  }
  const lib = { Map: FakeMap, Popup: class {}, Marker: class {}, ...(withProtocols ? { addProtocol: (name: string) => protocols.push(name) } : {}) };
  return { lib: lib as unknown as GlEngine, made, protocols };
}

describe('createWithEngine with a basemap', () => {
  const container = {} as HTMLElement;

  it('registers pmtiles:// once per engine and puts the archive, by absolute URL, under our layers', async () => {
    const { lib, made, protocols } = recordingEngine(true);
    const cfg = { engine: 'maplibre' as const, basemap: config('png') };
    await createWithEngine(lib, { container, geo, config: cfg });
    await createWithEngine(lib, { container, geo, config: cfg });
    expect(protocols).toEqual(['pmtiles']);
    const style = made[0]!.style as { sources: Record<string, { tiles: string[] }>; layers: StyleLayer[] };
    expect(style.sources[BASEMAP_SOURCE]!.tiles).toEqual(['pmtiles://http://localhost/api/map/basemap/abc.pmtiles/{z}/{x}/{y}']);
    expect(style.layers[0]!.id).toBe(`${BASEMAP_PREFIX}raster`);
    expect(made[0]!.attributionControl).toEqual({ compact: true });
  });

  it('draws without it, and says so, on an engine without custom protocols (mapbox-gl)', async () => {
    const { lib, made } = recordingEngine(false);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      await createWithEngine(lib, { container, geo, config: { engine: 'mapbox', mapboxToken: 'pk.x', basemap: config('png') } });
      expect(Object.keys((made[0]!.style as { sources: object }).sources)).not.toContain(BASEMAP_SOURCE);
      expect(made[0]!.attributionControl).toBe(false);
      expect(info.mock.calls.flat().join(' ')).toMatch(/maplibre-gl only/);
    } finally {
      info.mockRestore();
    }
  });

  it('adds nothing when the server has no basemap', async () => {
    const { lib, made, protocols } = recordingEngine(true);
    await createWithEngine(lib, { container, geo, config: { engine: 'maplibre' } });
    expect(protocols).toEqual([]);
    expect(made[0]!.style).toEqual(coverageStyle(geo));
  });
});
