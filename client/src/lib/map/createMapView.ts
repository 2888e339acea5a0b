/**
 * Loads the chosen engine — with dynamic imports, so its JavaScript and CSS reach only the map
 * page, and mapbox-gl costs nothing unless the server has a token — and builds a `MapView` once
 * the style has loaded.
 */
import type { CoverageGeo, MapConfig } from '../../../../shared/coverage/types';
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

/** Map options both engines understand, plus each one's way of drawing every label locally. */
function mapOptions(opts: CreateOptions): Record<string, unknown> {
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
  return { ...common, style: coverageStyle(opts.geo), localIdeographFontFamily: LABEL_FONT_FAMILY };
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
      const err = (e as { error?: unknown }).error ?? e;
      if (!done) reject(err instanceof Error ? err : new Error(String(err)));
      else console.warn('map error', err);
    });
  });
}

/** Builds the view on an already-loaded engine module (tests pass a fake one). */
export async function createWithEngine(lib: GlEngine, opts: CreateOptions): Promise<MapView> {
  const map = new lib.Map(mapOptions(opts));
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
  return new GlMapView(opts.config.engine, lib, map);
}

export async function createMapView(opts: CreateOptions): Promise<MapView> {
  const lib = opts.config.engine === 'mapbox' && opts.config.mapboxToken ? await loadMapbox(opts.config.mapboxToken) : await loadMaplibre();
  return createWithEngine(lib, opts.config.engine === 'mapbox' && !opts.config.mapboxToken ? { ...opts, config: { engine: 'maplibre' } } : opts);
}
