/**
 * The basemap archives the tests serve: a raster one of a single known colour, and a small
 * vector one in the Protomaps schema (earth, a lake, a road) with the metadata real builds carry.
 */
import { Compression, TileType } from 'pmtiles';
import { mvtTile, pmtilesArchive, solidPng, tilesCovering } from './pmtiles';

type Box = [number, number, number, number];

/** No layer of ours is this colour, so it is the basemap wherever it shows. */
export const MAGENTA: [number, number, number] = [255, 0, 255];

export function rasterFixture(bounds: Box, maxZoom = 8): Buffer {
  const png = solidPng(MAGENTA);
  return pmtilesArchive(
    tilesCovering(bounds, 0, maxZoom, () => png),
    { tileType: TileType.Png, bounds, metadata: { name: 'test raster', attribution: '<a href="https://www.openstreetmap.org/copyright">© OpenStreetMap</a>' } },
  );
}

const box = ([w, s, e, n]: Box): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

export const PROTOMAPS_LAYERS = ['earth', 'water', 'roads'] as const;

/** Earth over the whole box, a lake (`water`, kind `lake`) in `lake`, a major road across the middle. */
export function protomapsFixture(bounds: Box, lake: Box, maxZoom = 8): Buffer {
  const [w, s, e, n] = bounds;
  const layers: Record<string, GeoJSON.FeatureCollection> = {
    earth: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'earth' }, geometry: box(bounds) }] },
    water: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'lake', name: '示范湖' }, geometry: box(lake) }] },
    roads: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { kind: 'major_road' }, geometry: { type: 'LineString', coordinates: [[w, (s + n) / 2], [e, (s + n) / 2]] } }],
    },
  };
  return pmtilesArchive(
    tilesCovering(bounds, 0, maxZoom, (z, x, y) => mvtTile(layers, z, x, y)),
    {
      tileType: TileType.Mvt,
      tileCompression: Compression.Gzip,
      bounds,
      metadata: {
        name: 'test protomaps',
        attribution: '<a href="https://www.openstreetmap.org/copyright">© OpenStreetMap</a>',
        vector_layers: PROTOMAPS_LAYERS.map((id) => ({ id, fields: { kind: 'String' }, minzoom: 0, maxzoom: maxZoom })),
        tilestats: {
          layerCount: 3,
          layers: [
            { layer: 'earth', geometry: 'Polygon' },
            { layer: 'water', geometry: 'Polygon' },
            { layer: 'roads', geometry: 'LineString' },
          ],
        },
      },
    },
  );
}
