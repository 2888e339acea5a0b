/**
 * Loads the chosen engine — with dynamic imports, so its JavaScript and CSS reach only the map
 * page, and mapbox-gl costs nothing unless the server has a token — and builds a `MapView` once
 * the style has loaded. The `pmtiles` reader is imported the same way, only when the server has
 * a basemap.
 */
import type { CoverageGeo, MapConfig } from '../../../../shared/coverage/types';
import { BASEMAP_SOURCE, basemapStyle, type BasemapStyle } from './basemapStyle';
import { GlMapView } from './glMapView';
import type { GlEngine, GlMap, MapView } from './mapView';
import { coverageStyle, dataBounds, LABEL_FONT_FAMILY } from './style';

export interface CreateOptions {
  container: HTMLElement;
  geo: CoverageGeo;
  config: MapConfig;
}

async function loadMaplibre(): Promise<GlEngine> {
  const [lib, worker] = await Promise.all([
    import('maplibre-gl'),
    // Bundled, its worker would be looked for next to our chunk; point it at the real file.
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]);
  lib.setWorkerUrl(worker.default);
  return lib as unknown as GlEngine;
}

async function loadMapbox(token: string): Promise<GlEngine> {
  const [mod] = await Promise.all([import('mapbox-gl'), import('mapbox-gl/dist/mapbox-gl.css')]);
  const lib = (mod as unknown as { default?: unknown }).default ?? mod;
  (lib as { accessToken: string }).accessToken = token;
  return lib as GlEngine;
}

/**
 * The basemap's sources and layers, with the `pmtiles://` protocol registered — or nothing: no
 * basemap configured, or mapbox-gl, which has no custom protocols (it draws without one).
 */
async function loadBasemap(lib: GlEngine, config: MapConfig): Promise<BasemapStyle | undefined> {
  const b = config.basemap;
  if (!b) return undefined;
  if (config.engine === 'mapbox' || !lib.addProtocol) {
    console.info('map: the PMTiles basemap is drawn by maplibre-gl only; mapbox-gl draws the map without it');
    return undefined;
  }
  try {
    const { registerPmtiles } = await import('./pmtilesProtocol');
    registerPmtiles(lib);
  } catch (err) {
    console.warn('map: the basemap reader could not be loaded; drawing without it', err);
    return undefined;
  }
  // The protocol fetches the archive itself, so it needs the absolute URL (our own origin).
  const archive = new URL(b.url, globalThis.location?.href ?? 'http://localhost/').href;
  return basemapStyle(b, `pmtiles://${archive}/{z}/{x}/{y}`);
}

/** Map options both engines understand, plus each one's way of drawing every label locally. */
function mapOptions(opts: CreateOptions, basemap: BasemapStyle | undefined): Record<string, unknown> {
  const [w, s, e, n] = dataBounds(opts.geo);
  const common = {
    container: opts.container,
    bounds: [
      [w, s],
      [e, n],
    ],
    fitBoundsOptions: { padding: 16 },
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    maxPitch: 0,
    // Labels appear at once: a fade would cost extra frames on a software-rendered wall screen.
    fadeDuration: 0,
  };
  if (opts.config.engine === 'mapbox') {
    return {
      ...common,
      // Our own layers only; glyphs are drawn in the browser (localFontFamily), never fetched.
      style: coverageStyle(opts.geo, { glyphs: 'mapbox://fonts/mapbox/{fontstack}/{range}.pbf' }),
      localFontFamily: LABEL_FONT_FAMILY,
      projection: 'mercator',
      performanceMetricsCollection: false,
      accessToken: opts.config.mapboxToken,
    };
  }
  return {
    ...common,
    style: coverageStyle(opts.geo, { basemap }),
    localIdeographFontFamily: LABEL_FONT_FAMILY,
    // A basemap's data (OpenStreetMap, usually) must be credited; its attribution rides on its source.
    ...(basemap && opts.config.basemap?.attribution ? { attributionControl: { compact: true } } : {}),
  };
}

export function waitForLoad(map: GlMap): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    map.on('load', () => {
      done = true;
      resolve();
    });
    map.on('error', (e: unknown) => {
      // Before 'load' an error means no map; after it, errors are logged and the map carries on.
      // The basemap is never worth the map: its errors are only logged.
      const err = (e as { error?: unknown }).error ?? e;
      if (!done && (e as { sourceId?: unknown }).sourceId !== BASEMAP_SOURCE) reject(err instanceof Error ? err : new Error(String(err)));
      else console.warn('map error', err);
    });
  });
}

/** Builds the view on an already-loaded engine module (tests pass a fake one). */
export async function createWithEngine(lib: GlEngine, opts: CreateOptions): Promise<MapView> {
  const map = new lib.Map(mapOptions(opts, await loadBasemap(lib, opts.config)));
  // The first time everything is drawn: the benchmark's "first idle" (performance timeline).
  let idle = false;
  map.on('idle', () => {
    if (idle) return;
    idle = true;
    performance.mark('suicha:map-idle');
  });
  performance.mark('suicha:map-created');
  await waitForLoad(map);
  performance.mark('suicha:map-load');
  return new GlMapView(opts.config.engine, lib, map, opts.geo);
}

export async function createMapView(opts: CreateOptions): Promise<MapView> {
  const lib = opts.config.engine === 'mapbox' && opts.config.mapboxToken ? await loadMapbox(opts.config.mapboxToken) : await loadMaplibre();
  const noToken = opts.config.engine === 'mapbox' && !opts.config.mapboxToken;
  return createWithEngine(lib, noToken ? { ...opts, config: { engine: 'maplibre', ...(opts.config.basemap ? { basemap: opts.config.basemap } : {}) } } : opts);
}
