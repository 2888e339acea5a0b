/**
 * Where things are in the demo county: townships as clusters on a 5 × 3 grid over the county's
 * box, villages scattered around their township's seat, households around their village.
 * Only + − × ÷ and rounding are used, so every engine produces the same coordinates.
 */
import type { County, LngLat, Township, Village } from '../registry';
import type { Random } from '../random';
import { COUNTY_NAME, DEVELOPMENT_ZONE_NAME, TOWNSHIP_NAMES, villageName } from './names';

export const DEMO_BBOX: [number, number, number, number] = [116.6, 31.2, 117.2, 31.6];
const [WEST, SOUTH, EAST, NORTH] = DEMO_BBOX;
const COLS = 5;
const ROWS = 3;
const CELL_W = (EAST - WEST) / COLS;
const CELL_H = (NORTH - SOUTH) / ROWS;

// At latitude 31.4°, one km is about 0.0090° of latitude and 0.0105° of longitude.
const KM_LAT = 0.009;
const KM_LNG = 0.0105;
// Seat jitter + village radius + household radius stay inside half a cell (0.06° × 0.067°),
// so clusters do not spill into their neighbours or out of the box.
const SEAT_JITTER = 0.015;
const VILLAGE_RADIUS_LNG = 0.032;
const VILLAGE_RADIUS_LAT = 0.04;

export function demoCounty(): County {
  return { id: 'demo', name: COUNTY_NAME, bbox: DEMO_BBOX, timeZone: 'Asia/Shanghai' };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

function point(lng: number, lat: number): LngLat {
  return { lng: round6(clamp(lng, WEST + 1e-4, EAST - 1e-4)), lat: round6(clamp(lat, SOUTH + 1e-4, NORTH - 1e-4)) };
}

export interface PlacedTownship {
  township: Township;
  seat: LngLat;
  /** Grid cell, row-major from the south-west: neighbours on the grid are neighbours on the map. */
  cell: number;
}

/** Cells in a snake walk (west→east, then back), so consecutive cells always touch. */
export function snakeOrder(cell: number): number {
  const row = Math.floor(cell / COLS);
  const col = cell % COLS;
  return row * COLS + (row % 2 === 0 ? col : COLS - 1 - col);
}

/** 城关镇 in the middle cell, the development zone beside it, the rest shuffled over the grid. */
export function placeTownships(rng: Random): PlacedTownship[] {
  const centre = Math.floor((ROWS * COLS) / 2);
  const cells = [centre, centre + 1, ...rng.shuffle([...Array(ROWS * COLS).keys()].filter((c) => c !== centre && c !== centre + 1))];
  const names = [TOWNSHIP_NAMES[0], DEVELOPMENT_ZONE_NAME, ...TOWNSHIP_NAMES.slice(1)];
  return names.map((name, i) => {
    const cell = cells[i]!;
    const col = cell % COLS;
    const row = Math.floor(cell / COLS);
    const lng = WEST + (col + 0.5) * CELL_W + (rng.float() * 2 - 1) * SEAT_JITTER;
    const lat = SOUTH + (row + 0.5) * CELL_H + (rng.float() * 2 - 1) * SEAT_JITTER;
    const township: Township = { id: `t${i + 1}`, name, kind: name === DEVELOPMENT_ZONE_NAME ? 'development_zone' : 'township' };
    return { township, seat: point(lng, lat), cell };
  });
}

/** About 15 villages per township (fewer, and all 社区, in the development zone). */
export function placeVillages(rng: Random, townships: PlacedTownship[]): Village[] {
  const taken = new Set<string>();
  const villages: Village[] = [];
  for (const { township, seat } of townships) {
    const zone = township.kind === 'development_zone';
    const seatTown = township.name === TOWNSHIP_NAMES[0];
    const count = zone ? rng.int(6, 9) : rng.int(13, 18);
    for (let k = 0; k < count; k++) {
      // A township's seat is a 社区; the county town has several.
      const community = zone || k === 0 || (seatTown && k < 5);
      const [dx, dy] = rng.inDisc();
      villages.push({
        id: `v${villages.length + 1}`,
        townshipId: township.id,
        name: villageName(rng, taken, community),
        poorVillage: !community && rng.chance(0.22),
        location: point(seat.lng + dx * VILLAGE_RADIUS_LNG, seat.lat + dy * VILLAGE_RADIUS_LAT),
      });
    }
  }
  return villages;
}

/** A household's place: within about 1 km of its village. */
export function nearVillage(rng: Random, village: Village): LngLat {
  const [dx, dy] = rng.inDisc();
  return point(village.location.lng + dx * KM_LNG, village.location.lat + dy * KM_LAT);
}
