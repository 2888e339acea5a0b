/**
 * A PMTiles archive's header and metadata (as the `pmtiles` library reads them) turned into what
 * the client needs to draw it — or the reason it cannot be drawn. Pure: the admin's file is
 * judged once at start-up, and a refusal becomes a log line, never a broken map.
 */
import { Compression, TileType, type Header } from 'pmtiles';
import { z } from 'zod';
import type { BasemapConfig, BasemapGeometry, BasemapLayer, BasemapTileType } from '../../shared/coverage/types';

export type Described = { ok: true; basemap: Omit<BasemapConfig, 'url'> } | { ok: false; reason: string };

const TILE_TYPES: Partial<Record<TileType, BasemapTileType>> = {
  [TileType.Mvt]: 'mvt',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

/** Browsers decompress gzip only (DecompressionStream); brotli or zstd archives would fail there. */
const READABLE = new Set<Compression>([Compression.None, Compression.Gzip]);

const Zoom = z.number().int().min(0).max(30);
const VectorLayer = z.object({ id: z.string().min(1).max(200), minzoom: Zoom.optional(), maxzoom: Zoom.optional() });
const StatsLayer = z.object({ layer: z.string(), geometry: z.string() });
const GEOMETRY: Record<string, BasemapGeometry> = { Point: 'point', LineString: 'line', Polygon: 'polygon' };

function vectorLayers(metadata: Record<string, unknown>): BasemapLayer[] {
  const raw = Array.isArray(metadata.vector_layers) ? metadata.vector_layers : [];
  const stats = metadata.tilestats as { layers?: unknown } | undefined;
  const geometryOf = new Map<string, BasemapGeometry>();
  for (const l of Array.isArray(stats?.layers) ? stats.layers : []) {
    const s = StatsLayer.safeParse(l);
    const g = s.success ? GEOMETRY[s.data.geometry] : undefined;
    if (s.success && g) geometryOf.set(s.data.layer, g);
  }
  const seen = new Set<string>();
  const out: BasemapLayer[] = [];
  for (const l of raw) {
    const v = VectorLayer.safeParse(l);
    if (!v.success || seen.has(v.data.id)) continue;
    seen.add(v.data.id);
    const g = geometryOf.get(v.data.id);
    out.push({ id: v.data.id, ...(g ? { geometry: g } : {}), ...(v.data.minzoom !== undefined ? { minzoom: v.data.minzoom } : {}), ...(v.data.maxzoom !== undefined ? { maxzoom: v.data.maxzoom } : {}) });
  }
  return out;
}

/** Attribution as plain text: the map shows it, and a file's HTML is not ours to inject. */
export function plainAttribution(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw
    .replace(/<[^>]*>/g, ' ')
    .replace(/[<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  return text || undefined;
}

export function describeArchive(header: Header, metadata: unknown): Described {
  if (header.specVersion !== 3) return { ok: false, reason: `PMTiles spec version ${header.specVersion}; only version 3 is read` };
  const tileType = TILE_TYPES[header.tileType];
  if (!tileType) return { ok: false, reason: `tile type ${header.tileType} is not drawn (mvt, png, jpg or webp only)` };
  if (!READABLE.has(header.internalCompression)) return { ok: false, reason: `directories use compression ${header.internalCompression}; browsers read only none or gzip` };
  if (!READABLE.has(header.tileCompression)) return { ok: false, reason: `tiles use compression ${header.tileCompression}; browsers read only none or gzip` };
  if (header.numAddressedTiles < 1) return { ok: false, reason: 'the archive holds no tiles' };
  const { minLon, minLat, maxLon, maxLat, minZoom, maxZoom } = header;
  const finite = [minLon, minLat, maxLon, maxLat].every(Number.isFinite);
  if (!finite || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90 || minLon >= maxLon || minLat >= maxLat) {
    return { ok: false, reason: `bounds ${minLon},${minLat},${maxLon},${maxLat} are not a box on the globe` };
  }
  if (!(Zoom.safeParse(minZoom).success && Zoom.safeParse(maxZoom).success && minZoom <= maxZoom)) {
    return { ok: false, reason: `zoom range ${minZoom}–${maxZoom} is not valid` };
  }
  const meta = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  const layers = tileType === 'mvt' ? vectorLayers(meta) : [];
  if (tileType === 'mvt' && layers.length === 0) return { ok: false, reason: 'a vector archive needs `vector_layers` in its metadata to be styled' };
  const attribution = plainAttribution(meta.attribution);
  return {
    ok: true,
    basemap: {
      tileType,
      bounds: [minLon, minLat, maxLon, maxLat],
      minzoom: minZoom,
      maxzoom: maxZoom,
      vectorLayers: layers,
      ...(attribution ? { attribution } : {}),
    },
  };
}
