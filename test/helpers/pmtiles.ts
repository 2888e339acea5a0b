/**
 * Test archives: a minimal PMTiles v3 writer (no npm package writes the format) — the 127-byte
 * header, one root directory (no leaf directories), JSON metadata and the tile data, per the
 * v3 spec. Identical tiles are stored once and addressed by run-length entries, as real writers
 * do. Tests read every archive back with the `pmtiles` library, which is the check on this writer.
 * Also a solid-colour PNG (the raster tile whose colour the e2e test looks for in the pixels) and
 * Mapbox Vector Tiles cut from GeoJSON by maplibre's own geojson-vt and vt-pbf.
 */
import { createHash } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { Compression, TileType, zxyToTileId } from 'pmtiles';

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export interface ArchiveOptions {
  tileType: TileType;
  /** How `data` of each tile is already compressed (the writer stores the bytes as given). */
  tileCompression?: Compression;
  /** Gzip the root directory and metadata (what real archives do), or store them plain. */
  internal?: Compression.Gzip | Compression.None;
  metadata?: Record<string, unknown>;
  bounds: [number, number, number, number];
  /** Overrides for header fields the tests want to break. */
  header?: Partial<{ specVersion: number; minZoom: number; maxZoom: number }>;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function varint(out: number[], n: number): void {
  // Tile ids pass 2^31: divide, never shift.
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** The v3 directory: count, then delta tile ids, run lengths, lengths, offsets (0 = right after the previous). */
function directory(entries: Entry[]): Buffer {
  const out: number[] = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(out, prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Buffer.from(out);
}

function u64(buf: Buffer, at: number, n: number): void {
  buf.writeBigUInt64LE(BigInt(n), at);
}

const e7 = (deg: number) => Math.round(deg * 1e7);

export function pmtilesArchive(tiles: ArchiveTile[], opts: ArchiveOptions): Buffer {
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const blobs: Buffer[] = [];
  const offsetOf = new Map<string, { offset: number; length: number }>();
  let dataLength = 0;
  const entries: Entry[] = [];
  for (const t of sorted) {
    const key = createHash('sha256').update(t.data).digest('hex');
    let at = offsetOf.get(key);
    if (!at) {
      at = { offset: dataLength, length: t.data.length };
      offsetOf.set(key, at);
      blobs.push(Buffer.from(t.data));
      dataLength += t.data.length;
    }
    const prev = entries[entries.length - 1];
    if (prev && prev.offset === at.offset && prev.tileId + prev.runLength === t.id) prev.runLength++;
    else entries.push({ tileId: t.id, offset: at.offset, length: at.length, runLength: 1 });
  }
  const internal = opts.internal ?? Compression.Gzip;
  const pack = (b: Buffer) => (internal === Compression.Gzip ? gzipSync(b) : b);
  const root = pack(directory(entries));
  const metadata = pack(Buffer.from(JSON.stringify(opts.metadata ?? {})));
  const zooms = sorted.map((t) => t.z);
  const minZoom = opts.header?.minZoom ?? Math.min(...zooms);
  const maxZoom = opts.header?.maxZoom ?? Math.max(...zooms);
  const [w, s, e, n] = opts.bounds;

  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(opts.header?.specVersion ?? 3, 7);
  const rootAt = 127;
  const metaAt = rootAt + root.length;
  const dataAt = metaAt + metadata.length;
  u64(h, 8, rootAt);
  u64(h, 16, root.length);
  u64(h, 24, metaAt);
  u64(h, 32, metadata.length);
  u64(h, 40, dataAt); // leaf directories: none, zero length
  u64(h, 48, 0);
  u64(h, 56, dataAt);
  u64(h, 64, dataLength);
  u64(h, 72, sorted.length); // addressed tiles
  u64(h, 80, entries.length); // tile entries
  u64(h, 88, blobs.length); // distinct tile contents
  h.writeUInt8(1, 96); // clustered: tiles are in tile-id order
  h.writeUInt8(internal, 97);
  h.writeUInt8(opts.tileCompression ?? Compression.None, 98);
  h.writeUInt8(opts.tileType, 99);
  h.writeUInt8(minZoom, 100);
  h.writeUInt8(maxZoom, 101);
  h.writeInt32LE(e7(w), 102);
  h.writeInt32LE(e7(s), 106);
  h.writeInt32LE(e7(e), 110);
  h.writeInt32LE(e7(n), 114);
  h.writeUInt8(minZoom, 118);
  h.writeInt32LE(e7((w + e) / 2), 119);
  h.writeInt32LE(e7((s + n) / 2), 123);
  return Buffer.concat([h, root, metadata, ...blobs]);
}

/** Every tile of zooms `minZoom`…`maxZoom` that touches the box, each with `data(z, x, y)`. */
export function tilesCovering(bounds: [number, number, number, number], minZoom: number, maxZoom: number, data: (z: number, x: number, y: number) => Uint8Array): ArchiveTile[] {
  const [w, s, e, n] = bounds;
  const tx = (lng: number, z: number) => Math.min(2 ** z - 1, Math.floor(((lng + 180) / 360) * 2 ** z));
  const ty = (lat: number, z: number) => {
    const r = (lat * Math.PI) / 180;
    return Math.min(2 ** z - 1, Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z));
  };
  const out: ArchiveTile[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = tx(w, z); x <= tx(e, z); x++) for (let y = ty(n, z); y <= ty(s, z); y++) out.push({ z, x, y, data: data(z, x, y) });
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const tb = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(tb));
  return Buffer.concat([len, tb, crc]);
}

/** A `size`×`size` PNG of one opaque colour. */
export function solidPng([r, g, b]: [number, number, number], size = 256): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour RGB
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** One Mapbox Vector Tile (gzipped, as archives store them) holding each layer's features clipped to tile z/x/y. */
export function mvtTile(layers: Record<string, GeoJSON.FeatureCollection>, z: number, x: number, y: number): Uint8Array {
  const tiles = Object.fromEntries(Object.entries(layers).map(([name, fc]) => [name, geoJSONToTile(fc, z, x, y, { extent: 4096 })]));
  return gzipSync(fromGeojsonVt(tiles, { version: 2, extent: 4096 }));
}
