/**
 * [CV11] The optional PMTiles basemap on the command map, in Debian Chromium (software GL): with
 * `BASEMAP_PMTILES` the map reads the archive by byte ranges from our own origin only, draws it
 * under our layers (a raster archive's known colour shows in the pixels; a Protomaps vector
 * archive's lake is a rendered feature), and without one — or under mapbox-gl — the PMTiles
 * reader is never even loaded.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BBOX } from '../../shared/demo/geography';
import type { RunningServer } from '../../server/server';
import { protomapsFixture, rasterFixture } from '../helpers/basemapFixtures';
import { launch, LAPTOP, loginUi, newContext } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer } from '../helpers/server';

const [w, s, e, n] = DEMO_BBOX;
/** A box well around the demo county, so the archive covers every pixel of the fitted map. */
const AROUND: [number, number, number, number] = [w - 1, s - 1, e + 1, n + 1];
const LAKE: [number, number, number, number] = [116.88, 31.36, 116.96, 31.42];

let redis: TestRedis;
let rasterServer: RunningServer;
let vectorServer: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

interface Seen {
  url: string;
  range: string | undefined;
  status?: number;
}

type GlMap = Record<string, (...a: unknown[]) => unknown>;

/** A logged-in command page on `server`, recording every request; anything off our origin is aborted. */
async function commandPage(server: RunningServer, config?: unknown): Promise<{ page: Page; seen: Seen[]; outside: string[]; logs: string[] }> {
  const ctx = await newContext(browser, server.url, LAPTOP);
  contexts.push(ctx);
  const seen: Seen[] = [];
  const outside: string[] = [];
  ctx.on('request', (r) => seen.push({ url: r.url(), range: r.headers()['range'] }));
  ctx.on('response', (r) => {
    const s = seen.find((x) => x.url === r.url() && x.status === undefined);
    if (s) s.status = r.status();
  });
  await ctx.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      outside.push(url);
      return route.abort();
    }
    if (config && new URL(url).pathname === '/api/map/config') return route.fulfill({ json: config });
    return route.continue();
  });
  const page = await ctx.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  await loginUi(page, server.url, 'command');
  await page.goto('/command');
  await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
  return { page, seen, outside, logs };
}

/** Waits until the map has every tile of the basemap (and of everything else) it wants. */
async function basemapLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = (window as unknown as { __suichaMap: GlMap }).__suichaMap;
      return map.isSourceLoaded!('basemap') === true && map.areTilesLoaded!() === true;
    },
    undefined,
    { timeout: 20_000 },
  );
}

/** Pixels of the whole map that look like the raster archive's magenta, with the basemap shown or hidden. */
function magentaPixels(page: Page, show: boolean): Promise<{ magenta: number; total: number }> {
  return page.evaluate(async (show) => {
    const map = (window as unknown as { __suichaMap: GlMap }).__suichaMap;
    const once = (t: string, f: () => void) => (map.once as (t: string, f: () => void) => void).call(map, t, f);
    map.setLayoutProperty!('basemap-raster', 'visibility', show ? 'visible' : 'none');
    await new Promise((r) => once('idle', () => r(null)));
    // Read the frame inside its 'render' event, while the drawing buffer still holds it.
    return new Promise<{ magenta: number; total: number }>((resolve) => {
      once('render', () => {
        const gl = map.getCanvas!() as HTMLCanvasElement;
        const c = document.createElement('canvas');
        c.width = gl.width;
        c.height = gl.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(gl, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let magenta = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i]! - d[i + 1]! > 40 && d[i + 2]! - d[i + 1]! > 40) magenta++;
        resolve({ magenta, total: d.length / 4 });
      });
      map.triggerRepaint!();
    });
  }, show);
}

const isBasemap = (u: string) => new URL(u).pathname.startsWith('/api/map/basemap/');
const isReader = (u: string) => /\/assets\/pmtilesProtocol-[^/]*\.js$/.test(new URL(u).pathname);

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'suicha-basemap-e2e-'));
  const rasterFile = path.join(dir, 'raster.pmtiles');
  const vectorFile = path.join(dir, 'protomaps.pmtiles');
  writeFileSync(rasterFile, rasterFixture(AROUND, 9));
  writeFileSync(vectorFile, protomapsFixture(AROUND, LAKE, 10));
  redis = await startTestRedis();
  const dist = process.env.CLIENT_DIST ? { clientDist: path.resolve(process.env.CLIENT_DIST) } : {};
  rasterServer = await startTestServer(redis.url, { ...dist, basemapPmtiles: rasterFile });
  vectorServer = await startTestServer(redis.url, { ...dist, basemapPmtiles: vectorFile });
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await rasterServer?.close();
  await vectorServer?.close();
  await redis?.cleanup();
});

describe('[CV11] the PMTiles basemap on the command map', () => {
  it('draws a raster archive under our layers from byte ranges of our own origin', async () => {
    const { page, seen, outside } = await commandPage(rasterServer);
    const style = (await page.evaluate(() => (window as unknown as { __suichaMap: GlMap }).__suichaMap.getStyle!())) as {
      layers: { id: string; source?: string }[];
      sources: Record<string, { type: string; tiles?: string[] }>;
    };
    expect(style.layers[0]).toMatchObject({ id: 'basemap-raster', source: 'basemap' });
    expect(style.layers.findIndex((l) => l.id === 'basemap-raster')).toBeLessThan(style.layers.findIndex((l) => l.id === 'township-fill'));
    expect(style.sources.basemap!.type).toBe('raster');
    expect(style.sources.basemap!.tiles![0]).toMatch(new RegExp(`^pmtiles://${rasterServer.url}/api/map/basemap/[0-9a-f]{20}\\.pmtiles/\\{z\\}/\\{x\\}/\\{y\\}$`));
    await basemapLoaded(page);

    // The archive's colour is on screen with the basemap, and gone without it.
    const shown = await magentaPixels(page, true);
    const hidden = await magentaPixels(page, false);
    await magentaPixels(page, true);
    expect(hidden.magenta).toBeLessThan(shown.total * 0.001);
    expect(shown.magenta).toBeGreaterThan(shown.total * 0.2);

    const ranged = seen.filter((r) => isBasemap(r.url));
    // The header with the root directory and metadata, then tiles: all single byte ranges, all 206.
    expect(ranged.length).toBeGreaterThanOrEqual(2);
    for (const r of ranged) {
      expect(r.range, r.url).toMatch(/^bytes=\d+-\d+$/);
      expect(r.status, r.url).toBe(206);
    }
    expect(seen.some((r) => isReader(r.url))).toBe(true);
    expect(outside).toEqual([]);
    // Its data is credited (the archive's attribution, as text).
    await expect.poll(() => page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('© OpenStreetMap');
  });

  it('draws a Protomaps vector archive in the light style, its lake a rendered feature', async () => {
    const { page, seen, outside } = await commandPage(vectorServer);
    const ids = (await page.evaluate(() => ((window as unknown as { __suichaMap: GlMap }).__suichaMap.getStyle!() as { layers: { id: string }[] }).layers.map((l) => l.id))) as string[];
    expect(ids.slice(0, 3)).toEqual(['basemap-earth', 'basemap-water', 'basemap-waterway']);
    expect(ids).toContain('basemap-roads-major');
    expect(ids.filter((id) => id.startsWith('basemap-')).every((id) => ids.indexOf(id) < ids.indexOf('township-fill'))).toBe(true);
    await basemapLoaded(page);
    const lake = await page.evaluate(() => {
      const map = (window as unknown as { __suichaMap: GlMap }).__suichaMap;
      const hits = map.queryRenderedFeatures!({ layers: ['basemap-water'] }) as { properties: Record<string, unknown> }[];
      return hits.map((f) => f.properties.kind);
    });
    expect(lake.length).toBeGreaterThan(0);
    expect(new Set(lake)).toEqual(new Set(['lake']));
    const roads = await page.evaluate(() => ((window as unknown as { __suichaMap: GlMap }).__suichaMap.queryRenderedFeatures!({ layers: ['basemap-roads-major'] }) as unknown[]).length);
    expect(roads).toBeGreaterThan(0);
    expect(seen.filter((r) => isBasemap(r.url)).every((r) => /^bytes=\d+-\d+$/.test(r.range ?? '') && r.status === 206)).toBe(true);
    expect(outside).toEqual([]);
  });

  it('without a basemap never loads the PMTiles reader, and mapbox-gl goes without one with a note', async () => {
    const plain = await commandPage(rasterServer, { engine: 'maplibre' });
    expect(await plain.page.evaluate(() => ((window as unknown as { __suichaMap: GlMap }).__suichaMap.getStyle!() as { sources: object }).sources)).not.toHaveProperty('basemap');
    expect(plain.seen.filter((r) => isReader(r.url) || isBasemap(r.url))).toEqual([]);

    const basemap = rasterServer.ctx.basemap!.config;
    const mapbox = await commandPage(rasterServer, { engine: 'mapbox', mapboxToken: 'pk.eyJ1IjoidGVzdCIsImEiOiJ0ZXN0In0.fake', basemap });
    expect(await mapbox.page.evaluate(() => (window as unknown as { __suichaMapEngine: string }).__suichaMapEngine)).toBe('mapbox');
    expect(await mapbox.page.evaluate(() => ((window as unknown as { __suichaMap: GlMap }).__suichaMap.getStyle!() as { sources: object }).sources)).not.toHaveProperty('basemap');
    expect(mapbox.seen.filter((r) => isReader(r.url) || isBasemap(r.url))).toEqual([]);
    expect(mapbox.logs.some((l) => l.includes('PMTiles basemap is drawn by maplibre-gl only'))).toBe(true);
    expect(mapbox.outside).toEqual([]);
  });
});
