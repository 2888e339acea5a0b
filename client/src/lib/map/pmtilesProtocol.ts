/**
 * The `pmtiles://` protocol for maplibre-gl, from the `pmtiles` library. Its own module so that a
 * dynamic import of it becomes its own chunk: loaded only when the server has a basemap, and kept
 * out of the PWA precache (vite.config.ts).
 */
import { Protocol } from 'pmtiles';
import type { GlEngine } from './mapView';

const registered = new WeakSet<object>();

/** Registers the protocol once per engine module (a second `addProtocol` would replace the first). */
export function registerPmtiles(lib: GlEngine): void {
  if (!lib.addProtocol) throw new Error('this map engine has no addProtocol');
  if (registered.has(lib)) return;
  lib.addProtocol('pmtiles', new Protocol().tile);
  registered.add(lib);
}
