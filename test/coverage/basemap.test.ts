/**
 * The optional PMTiles basemap (`BASEMAP_PMTILES`) on a real server with real archives: the
 * `pmtiles` library reads our archive back through our own HTTP endpoint (which checks both the
 * test writer and the Range serving), byte ranges and their refusals, the config the client gets,
 * and that a missing or broken file is a warning and no basemap — never a failed start.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bytesToHeader, Compression, FetchSource, PMTiles, TileType } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MapConfig } from '../../shared/coverage/types';
import { openBasemap } from '../../server/basemap/archive';
import { describeArchive } from '../../server/basemap/describe';
import { loadConfig } from '../../server/config';
import { createLogger, type Logger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { MAGENTA, protomapsFixture, rasterFixture } from '../helpers/basemapFixtures';
import { pmtilesArchive, solidPng, tilesCovering } from '../helpers/pmtiles';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer, testConfig } from '../helpers/server';

const BOUNDS: [number, number, number, number] = [116.2, 30.9, 117.6, 31.9];
const dir = mkdtempSync(path.join(tmpdir(), 'suicha-basemap-'));
const rasterFile = path.join(dir, 'county.pmtiles');
const vectorFile = path.join(dir, 'protomaps.pmtiles');

let redis: TestRedis;
let withMap: RunningServer;
let without: RunningServer;
let token: string;
let raster: Buffer;

function recorder(): { log: Logger; warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  const log = createLogger({}, 'debug', (line) => {
    const o = JSON.parse(line) as Record<string, unknown>;
    if (o.level === 'warn') warnings.push(o);
  });
  return { log, warnings };
}

async function config(server: RunningServer): Promise<MapConfig> {
  const res = await fetch(`${server.url}/api/map/config`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as MapConfig;
}

function get(server: RunningServer, url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip', ...headers } });
}

beforeAll(async () => {
  raster = rasterFixture(BOUNDS);
  writeFileSync(rasterFile, raster);
  writeFileSync(vectorFile, protomapsFixture(BOUNDS, [116.8, 31.3, 117.0, 31.45]));
  redis = await startTestRedis();
  withMap = await startTestServer(redis.url, { basemapPmtiles: rasterFile });
  without = await startTestServer(redis.url);
  ({ token } = await login(withMap.url, 'command'));
});

afterAll(async () => {
  await withMap?.close();
  await without?.close();
  await redis?.cleanup();
});

describe('[CV11] BASEMAP_PMTILES', () => {
  it('is read from the environment as an absolute path, and unset means none', () => {
    expect(loadConfig({ BASEMAP_PMTILES: 'maps/county.pmtiles' }).basemapPmtiles).toBe(path.resolve('maps/county.pmtiles'));
    expect(loadConfig({}).basemapPmtiles).toBeUndefined();
    expect(loadConfig({ BASEMAP_PMTILES: '  ' }).basemapPmtiles).toBeUndefined();
  });

  it('tells the client where the archive is and what it holds', async () => {
    const c = await config(withMap);
    expect(c.engine).toBe('maplibre');
    expect(c.basemap).toBeDefined();
    const b = c.basemap!;
    expect(b.url).toMatch(/^\/api\/map\/basemap\/[0-9a-f]{20}\.pmtiles$/);
    expect(b.tileType).toBe('png');
    expect(b.minzoom).toBe(0);
    expect(b.maxzoom).toBe(8);
    b.bounds.forEach((v, i) => expect(v).toBeCloseTo(BOUNDS[i]!, 6));
    expect(b.vectorLayers).toEqual([]);
    // Tags stripped: the map shows the text, never the file's HTML.
    expect(b.attribution).toBe('© OpenStreetMap');
  });

  it('serves the archive so that the pmtiles library reads it back tile for tile', async () => {
    const { basemap } = await config(withMap);
    const p = new PMTiles(new FetchSource(`${withMap.url}${basemap!.url}`, new Headers({ authorization: `Bearer ${token}` })));
    const h = await p.getHeader();
    expect(h.specVersion).toBe(3);
    expect(h.tileType).toBe(TileType.Png);
    expect([h.minZoom, h.maxZoom]).toEqual([0, 8]);
    expect(h.numTileContents).toBe(1); // every tile is the same PNG: stored once, run-length addressed
    expect(h.numAddressedTiles).toBe(tilesCovering(BOUNDS, 0, 8, () => new Uint8Array()).length);
    expect(await p.getMetadata()).toMatchObject({ name: 'test raster' });
    // Every tile written is found (through the run-length entries), and none outside the box.
    const png = solidPng(MAGENTA);
    for (const t of tilesCovering(BOUNDS, 0, 8, () => png)) {
      const tile = await p.getZxy(t.z, t.x, t.y);
      expect(tile && Buffer.from(tile.data).equals(png), `${t.z}/${t.x}/${t.y}`).toBe(true);
    }
    expect(await p.getZxy(8, 0, 0)).toBeUndefined();
    expect(await p.getZxy(9, 422, 209)).toBeUndefined();
  });

  it('answers one byte range with 206 and Content-Range, strong ETag and long private caching', async () => {
    const { basemap } = await config(withMap);
    const res = await get(withMap, basemap!.url, { range: 'bytes=0-126' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${raster.length}`);
    expect(res.headers.get('content-length')).toBe('127');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-type')).toBe('application/vnd.pmtiles');
    expect(res.headers.get('cache-control')).toMatch(/private.*immutable.*no-transform/);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{20}"$/);
    expect(basemap!.url).toContain(etag.slice(1, -1));
    expect(Buffer.from(await res.arrayBuffer()).equals(raster.subarray(0, 127))).toBe(true);

    const suffix = await get(withMap, basemap!.url, { range: 'bytes=-40' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe(`bytes ${raster.length - 40}-${raster.length - 1}/${raster.length}`);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(raster.subarray(raster.length - 40))).toBe(true);

    // The pmtiles client's first read asks for 16 KiB: a smaller file answers with what it has.
    const first = await get(withMap, basemap!.url, { range: 'bytes=0-16383' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-${raster.length - 1}/${raster.length}`);
    expect((await first.arrayBuffer()).byteLength).toBe(raster.length);

    // (fetch adds `Cache-Control: no-cache` to a conditional request unless one is given.)
    const cached = await get(withMap, basemap!.url, { range: 'bytes=0-126', 'if-none-match': etag, 'cache-control': 'max-age=0' });
    expect(cached.status).toBe(304);
  });

  it('refuses bad ranges with 416 and the size, and refuses the whole file', async () => {
    const { basemap } = await config(withMap);
    for (const range of [`bytes=${raster.length}-`, `bytes=${raster.length + 10}-${raster.length + 20}`, 'bytes=0-9,100-109', 'items=0-9', 'bytes=nonsense']) {
      const res = await get(withMap, basemap!.url, { range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range'), range).toBe(`bytes */${raster.length}`);
      expect(res.headers.get('cache-control') ?? '', range).not.toMatch(/immutable/);
      expect(((await res.json()) as { error: string }).error).toBe('range_not_satisfiable');
    }
    const whole = await get(withMap, basemap!.url);
    expect(whole.status).toBe(400);
    expect(((await whole.json()) as { field: string }).field).toBe('range');
    const head = await get(withMap, basemap!.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(raster.length));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
  });

  it('serves that one archive only, and only to a logged-in user', async () => {
    const { basemap } = await config(withMap);
    for (const url of ['/api/map/basemap/0000000000000000000a.pmtiles', '/api/map/basemap/..%2f..%2fpackage.json', `${basemap!.url}x`, '/api/map/basemap/']) {
      expect((await get(withMap, url, { range: 'bytes=0-10' })).status, url).toBe(404);
    }
    expect((await fetch(`${withMap.url}${basemap!.url}`, { headers: { range: 'bytes=0-10' } })).status).toBe(401);
    expect((await get(withMap, basemap!.url, { range: 'bytes=0-10', 'content-type': 'application/json' }, 'POST')).status).toBe(404);
  });

  it('without BASEMAP_PMTILES: no basemap in the config, and the route is 404', async () => {
    const c = await config(without);
    expect(c).toEqual({ engine: 'maplibre' });
    const { basemap } = await config(withMap);
    const res = await get(without, basemap!.url, { range: 'bytes=0-126' });
    expect(res.status).toBe(404);
  });

  it('describes a Protomaps vector archive with its layers and their geometry', async () => {
    const { log, warnings } = recorder();
    const b = await openBasemap(vectorFile, log);
    expect(warnings).toEqual([]);
    expect(b).not.toBeNull();
    expect(b!.config).toMatchObject({ tileType: 'mvt', minzoom: 0, maxzoom: 8, attribution: '© OpenStreetMap' });
    expect(b!.config.vectorLayers).toEqual([
      { id: 'earth', geometry: 'polygon', minzoom: 0, maxzoom: 8 },
      { id: 'water', geometry: 'polygon', minzoom: 0, maxzoom: 8 },
      { id: 'roads', geometry: 'line', minzoom: 0, maxzoom: 8 },
    ]);
    await b!.close();
  });

  it('names the archive by its content: the same file anywhere has the same URL, another file another', async () => {
    const copy = path.join(dir, 'copy', 'elsewhere.pmtiles');
    mkdirSync(path.dirname(copy));
    copyFileSync(rasterFile, copy);
    const [a, b, v] = await Promise.all([openBasemap(rasterFile, recorder().log), openBasemap(copy, recorder().log), openBasemap(vectorFile, recorder().log)]);
    expect(a!.config.url).toBe(b!.config.url);
    expect(a!.etag).toBe(b!.etag);
    expect(v!.config.url).not.toBe(a!.config.url);
    await Promise.all([a!.close(), b!.close(), v!.close()]);
  });

  it('warns and goes without a basemap for a missing, unreadable or unusable file', async () => {
    const png = solidPng([1, 2, 3], 4);
    const one = [{ z: 0, x: 0, y: 0, data: png }];
    const write = (name: string, bytes: Buffer | string) => {
      const f = path.join(dir, name);
      writeFileSync(f, bytes);
      return f;
    };
    const brotli = pmtilesArchive(one, { tileType: TileType.Png, bounds: BOUNDS, internal: Compression.None });
    brotli.writeUInt8(Compression.Brotli, 97);
    const cases: [string, string, RegExp][] = [
      ['missing', path.join(dir, 'nope.pmtiles'), /ENOENT/],
      ['a directory', dir, /not a regular file|EISDIR/],
      ['empty', write('empty.pmtiles', ''), /./],
      ['not PMTiles', write('text.pmtiles', 'hello, this is not a map '.repeat(20)), /./],
      ['truncated', write('cut.pmtiles', raster.subarray(0, 140)), /./],
      ['spec version 2', write('v2.pmtiles', pmtilesArchive(one, { tileType: TileType.Png, bounds: BOUNDS, header: { specVersion: 2 } })), /./],
      ['AVIF tiles', write('avif.pmtiles', pmtilesArchive(one, { tileType: TileType.Avif, bounds: BOUNDS })), /tile type/],
      ['brotli directories', write('br.pmtiles', brotli), /compression/i],
      ['vector without vector_layers', write('novl.pmtiles', pmtilesArchive([{ z: 0, x: 0, y: 0, data: Buffer.from('a tile') }], { tileType: TileType.Mvt, bounds: BOUNDS })), /vector_layers/],
      ['bad bounds', write('bounds.pmtiles', pmtilesArchive(one, { tileType: TileType.Png, bounds: [117, 31, 116, 32] })), /bounds/],
    ];
    for (const [what, file, reason] of cases) {
      const { log, warnings } = recorder();
      expect(await openBasemap(file, log), what).toBeNull();
      expect(warnings, what).toHaveLength(1);
      expect(warnings[0]!.event, what).toMatch(/^basemap\.(unavailable|refused)$/);
      expect(warnings[0]!.file, what).toBe(file);
      expect(String(warnings[0]!.reason), what).toMatch(reason);
    }
  });

  it('starts a server whose BASEMAP_PMTILES is missing, with no basemap', async () => {
    const { log, warnings } = recorder();
    const s = await startServer(testConfig({ basemapPmtiles: path.join(dir, 'gone.pmtiles') }), redis.url, log);
    try {
      expect(warnings.map((w) => w.event)).toContain('basemap.unavailable');
      expect(await config(s)).toEqual({ engine: 'maplibre' });
    } finally {
      await s.close();
    }
  });

  it('rejects an impossible zoom range in the header', () => {
    const file = pmtilesArchive([{ z: 0, x: 0, y: 0, data: solidPng([0, 0, 0], 2) }], { tileType: TileType.Png, bounds: BOUNDS, header: { minZoom: 9, maxZoom: 3 } });
    // The header as the pmtiles library parses it, for the pure describe function.
    const header = bytesToHeader(file.buffer.slice(file.byteOffset, file.byteOffset + 127) as ArrayBuffer);
    expect(describeArchive(header, {})).toEqual({ ok: false, reason: 'zoom range 9–3 is not valid' });
    expect(describeArchive({ ...header, minZoom: 0, maxZoom: 3 }, {}).ok).toBe(true);
  });
});
