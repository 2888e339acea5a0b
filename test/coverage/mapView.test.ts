/** [CV5] The map adapter and the per-frame batcher, against a fake engine (no WebGL, no network). */
import { describe, expect, it } from 'vitest';
import type { CoverageGeo } from '../../shared/coverage/types';
import { createWithEngine } from '../../client/src/lib/map/createMapView';
import { FrameBatcher } from '../../client/src/lib/map/frameBatcher';
import type { GlEngine, GlMouseEvent } from '../../client/src/lib/map/mapView';
import { coverageStyle, LAYERS, SOURCES } from '../../client/src/lib/map/style';

const geo: CoverageGeo = {
  registry: 'r1',
  county: { name: '示范县', bbox: [116.6, 31.2, 117.2, 31.6] },
  townships: [
    { id: 't1', name: '城关镇', group: 'g1', label: [116.8, 31.4], rings: [[[[116.7, 31.3], [116.9, 31.3], [116.9, 31.5], [116.7, 31.3]]]] },
  ],
  villages: { i: [0, 1], name: ['东风村', '红星村'], xy: [116.75, 31.35, 116.85, 31.45] },
  households: { i: [0, 2, 3], xy: [116.751, 31.351, 116.752, 31.352, 116.851, 31.451], v: [0, 0, 1] },
};

type Listener = (e: GlMouseEvent & { point?: { x: number; y: number } }) => void;

/** Records what the adapter asks of the engine; feature state lives in a plain map, as in the engines. */
function fakeEngine() {
  const calls: { maps: FakeMap[]; popups: FakePopup[]; markers: FakeMarker[] } = { maps: [], popups: [], markers: [] };
  class FakeMap {
    state = new Map<string, Record<string, unknown>>();
    listeners = new Map<string, Listener[]>();
    hits: { id?: number; source?: string }[] = [];
    fitted: unknown[] = [];
    removed = false;
    data = new Map<string, unknown>();
    constructor(readonly opts: Record<string, unknown>) {
      calls.maps.push(this);
      setTimeout(() => this.emit('load', { lngLat: { lng: 0, lat: 0 } }), 0);
    }
    on(type: string, a: unknown, b?: unknown) {
      const key = typeof a === 'string' ? `${type}:${a}` : type;
      const fn = (typeof a === 'string' ? b : a) as Listener;
      this.listeners.set(key, [...(this.listeners.get(key) ?? []), fn]);
      return this;
    }
    emit(key: string, e: Parameters<Listener>[0]) {
      for (const fn of this.listeners.get(key) ?? []) fn(e);
    }
    getSource(id: string) {
      return { setData: (d: unknown) => this.data.set(id, d) };
    }
    setFeatureState(f: { source: string; id: number }, s: Record<string, unknown>) {
      this.state.set(`${f.source}:${f.id}`, { ...this.state.get(`${f.source}:${f.id}`), ...s });
    }
    getFeatureState(f: { source: string; id: number }) {
      return this.state.get(`${f.source}:${f.id}`) ?? {};
    }
    fitBounds(b: unknown) {
      this.fitted.push(b);
    }
    flyTo() {}
    queryRenderedFeatures() {
      return this.hits;
    }
    getCanvas() {
      return { style: {} } as HTMLCanvasElement;
    }
    resize() {}
    remove() {
      this.removed = true;
    }
  }
  class FakePopup {
    at: unknown;
    content: unknown;
    removed = false;
    closeFns: (() => void)[] = [];
    constructor(readonly opts: Record<string, unknown>) {
      calls.popups.push(this);
    }
    setLngLat(ll: unknown) {
      this.at = ll;
      return this;
    }
    setDOMContent(el: unknown) {
      this.content = el;
      return this;
    }
    addTo() {
      return this;
    }
    on(_t: string, fn: () => void) {
      this.closeFns.push(fn);
      return this;
    }
    remove() {
      this.removed = true;
      this.closeFns.forEach((f) => f());
      return this;
    }
  }
  class FakeMarker {
    at: unknown;
    removed = false;
    constructor(readonly opts: Record<string, unknown>) {
      calls.markers.push(this);
    }
    setLngLat(ll: unknown) {
      this.at = ll;
      return this;
    }
    addTo() {
      return this;
    }
    remove() {
      this.removed = true;
    }
  }
  return { lib: { Map: FakeMap, Popup: FakePopup, Marker: FakeMarker } as unknown as GlEngine, calls };
}

const el = (name: string) => ({ name }) as unknown as HTMLElement;

describe('[CV5] the map adapter', () => {
  it('builds an offline style: our GeoJSON sources, numeric feature ids, no URL anywhere, labels from local fonts', async () => {
    const { lib, calls } = fakeEngine();
    await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    const opts = calls.maps[0]!.opts;
    const style = opts.style as { sources: Record<string, { data: { features: { id?: number }[] } }>; glyphs?: string; sprite?: string };
    expect(JSON.stringify(style)).not.toMatch(/https?:|mapbox:\/\//);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.sources[SOURCES.householdBase]!.data.features.map((f) => f.id)).toEqual([0, 2, 3]);
    // Today's dots arrive with their states; none yet.
    expect(style.sources[SOURCES.households]!.data.features).toEqual([]);
    expect(style.sources[SOURCES.villages]!.data.features.map((f) => f.id)).toEqual([0, 1]);
    expect(String(opts.localIdeographFontFamily)).toContain('Noto Sans CJK SC');
  });

  it('constructs the mapbox engine with the token and local glyphs (no network needed to construct)', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'mapbox', mapboxToken: 'pk.fake' } });
    expect(view.engine).toBe('mapbox');
    const opts = calls.maps[0]!.opts;
    expect(opts.accessToken).toBe('pk.fake');
    expect(String(opts.localFontFamily)).toContain('Noto Sans CJK SC');
    expect(opts.projection).toBe('mercator');
  });

  it('sets and reads feature state by numeric id on the right source', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    view.setFeatureStates([
      { l: 'h', i: 2, s: 3 },
      { l: 'v', i: 1, s: 1 },
    ]);
    expect(calls.maps[0]!.state.get(`${SOURCES.households}:2`)).toEqual({ s: 3 });
    expect(view.getFeatureState({ l: 'v', i: 1 })).toBe(1);
    expect(view.getFeatureState({ l: 'h', i: 0 })).toBe(0);
  });

  it('keeps only drawn households in the state-carrying source, re-sent only when one joins', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    const map = calls.maps[0]!;
    const ids = () => (map.data.get(SOURCES.households) as { features: { id: number; geometry: { coordinates: number[] } }[] }).features.map((f) => f.id);
    view.setFeatureStates([
      { l: 'h', i: 3, s: 1 },
      { l: 'h', i: 2, s: 1 },
      { l: 'v', i: 0, s: 1 },
    ]);
    expect(ids()).toEqual([2, 3]);
    const coords = (map.data.get(SOURCES.households) as { features: { geometry: { coordinates: number[] } }[] }).features[1]!.geometry.coordinates;
    expect(coords).toEqual([116.851, 31.451]);
    // State changes of dots already there do not re-send the source.
    map.data.delete(SOURCES.households);
    view.setFeatureStates([{ l: 'h', i: 3, s: 4 }]);
    expect(map.data.has(SOURCES.households)).toBe(false);
    // Leaving the lists: state 0 hides it; the next join re-sends without it.
    view.setFeatureStates([{ l: 'h', i: 2, s: 0 }]);
    expect(map.data.has(SOURCES.households)).toBe(false);
    view.setFeatureStates([{ l: 'h', i: 0, s: 2 }]);
    expect(ids()).toEqual([0, 3]);
    // A new registry keeps today's dots.
    view.setGeo(geo);
    expect(ids()).toEqual([0, 3]);
    expect((map.data.get(SOURCES.householdBase) as { features: unknown[] }).features).toHaveLength(3);
  });

  it('a click picks the drawn dot over a grey one, and reports empty map as null', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    const map = calls.maps[0]!;
    const seen: unknown[] = [];
    view.onFeatureClick((f) => seen.push(f));
    view.setFeatureStates([{ l: 'h', i: 3, s: 4 }]);
    map.hits = [
      { id: 2, source: SOURCES.households },
      { id: 3, source: SOURCES.households },
    ];
    map.emit('click', { lngLat: { lng: 116.8, lat: 31.4 }, point: { x: 10, y: 10 } });
    map.hits = [];
    map.emit('click', { lngLat: { lng: 116.8, lat: 31.4 }, point: { x: 10, y: 10 } });
    expect(seen).toEqual([{ l: 'h', i: 3 }, null]);
  });

  it('keeps one popup at a time and tells the caller when it closes', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    let closed = 0;
    view.showPopup([116.8, 31.4], el('a'), () => closed++);
    view.showPopup([116.7, 31.3], el('b'), () => closed++);
    expect(calls.popups[0]!.removed).toBe(true);
    expect(calls.popups[1]!.content).toEqual({ name: 'b' });
    view.closePopup();
    expect(closed).toBe(2);
  });

  it('moves markers it has, adds new ones, removes the ones no longer listed', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    const a = el('a');
    view.setMarkers([
      { key: 'u1', at: [116.7, 31.3], el: a },
      { key: 'u2', at: [116.8, 31.3], el: el('b') },
    ]);
    view.setMarkers([{ key: 'u1', at: [116.9, 31.5], el: a }]);
    expect(calls.markers).toHaveLength(2);
    expect(calls.markers[0]!.at).toEqual([116.9, 31.5]);
    expect(calls.markers[1]!.removed).toBe(true);
  });

  it('fits bounds and replaces the sources’ data for a new registry', async () => {
    const { lib, calls } = fakeEngine();
    const view = await createWithEngine(lib, { container: el('div'), geo, config: { engine: 'maplibre' } });
    view.fitBounds([116.6, 31.2, 117.2, 31.6]);
    expect(calls.maps[0]!.fitted).toEqual([
      [
        [116.6, 31.2],
        [117.2, 31.6],
      ],
    ]);
    view.setGeo({ ...geo, registry: 'r2' });
    expect([...calls.maps[0]!.data.keys()].sort()).toEqual(Object.values(SOURCES).sort());
    view.destroy();
    expect(calls.maps[0]!.removed).toBe(true);
  });

  it('paints households above the township areas, coloured from feature-state', () => {
    const style = coverageStyle(geo) as { layers: { id: string; paint?: Record<string, unknown> }[] };
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf(LAYERS.households)).toBeGreaterThan(ids.indexOf('township-fill'));
    expect(JSON.stringify(style.layers.find((l) => l.id === LAYERS.households)!.paint)).toContain('feature-state');
  });
});

describe('[CV5] the per-frame batcher', () => {
  it('applies a burst once per frame, each feature in its last state', () => {
    const applied: unknown[][] = [];
    const frames: (() => void)[] = [];
    const b = new FrameBatcher((c) => applied.push(c), (cb) => frames.push(cb));
    b.push([{ l: 'h', i: 1, s: 1 }]);
    b.push([
      { l: 'h', i: 1, s: 3 },
      { l: 'h', i: 2, s: 2 },
    ]);
    expect(frames).toHaveLength(1);
    expect(applied).toEqual([]);
    frames.shift()!();
    expect(applied).toEqual([
      [
        { l: 'h', i: 1, s: 3 },
        { l: 'h', i: 2, s: 2 },
      ],
    ]);
    b.push([{ l: 'v', i: 1, s: 4 }]);
    expect(frames).toHaveLength(1);
    b.stop();
    frames.shift()!();
    expect(applied).toHaveLength(1);
  });

  it('with a minimum interval, waits out the rest of it before the next frame, and merges what came meanwhile', () => {
    const applied: unknown[][] = [];
    const frames: (() => void)[] = [];
    const timers: { cb: () => void; ms: number }[] = [];
    let now = 1000;
    const b = new FrameBatcher(
      (c) => applied.push(c),
      (cb) => frames.push(cb),
      { minIntervalMs: 500, now: () => now, delay: (cb, ms) => timers.push({ cb, ms }) },
    );
    // Nothing applied yet: the first change goes on the next frame.
    b.push([{ l: 'h', i: 1, s: 1 }]);
    expect(timers).toHaveLength(0);
    frames.shift()!();
    expect(applied).toHaveLength(1);
    // 100 ms later: waits the remaining 400 ms, then a frame.
    now += 100;
    b.push([{ l: 'h', i: 2, s: 1 }]);
    b.push([{ l: 'h', i: 2, s: 3 }]);
    expect(frames).toHaveLength(0);
    expect(timers.map((t) => t.ms)).toEqual([400]);
    now += 400;
    timers.shift()!.cb();
    expect(applied).toHaveLength(1);
    frames.shift()!();
    expect(applied[1]).toEqual([{ l: 'h', i: 2, s: 3 }]);
    // Long after: straight to the next frame again.
    now += 2000;
    b.push([{ l: 'v', i: 1, s: 2 }]);
    expect(timers).toHaveLength(0);
    expect(frames).toHaveLength(1);
  });
});
