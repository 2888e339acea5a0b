/**
 * Wire shapes of the command centre's coverage feed (issue 6), shared by server and client.
 * Compact on purpose: a delta carries only the targets that changed, each as its full current
 * state (idempotent — applying one twice, or after a snapshot that already holds it, is harmless).
 */
import type { FindingCategory, Severity } from '../categories';
import type { CheckKind, Quotas, TargetRefKind } from '../checkKinds';
import type { ReportedPosition } from './positions';

/**
 * A map feature's state, as the number the map paints with (`['feature-state', 's']`).
 * `none` = not on today's lists; the four others are the states the command centre watches.
 */
export const StateCode = {
  none: 0,
  drawn: 1,
  active: 2,
  checked: 3,
  finding: 4,
} as const;
export type StateName = keyof typeof StateCode;
export type StateCodeValue = (typeof StateCode)[StateName];
export const STATE_NAMES = ['none', 'drawn', 'active', 'checked', 'finding'] as const satisfies readonly StateName[];

/** Which map layer a target is drawn on: a household dot (`h`) or a village dot (`v`), by registry index. */
export interface FeatureRef {
  l: 'h' | 'v';
  i: number;
}

export interface FindingBrief {
  id: string;
  category: FindingCategory;
  severity: Severity;
  /** The description, cut to a feed line. */
  text: string;
  by: string;
  at: string;
}

/** One target of a group's sheet as the command centre sees it. */
export interface TargetCoverage {
  id: string;
  kind: CheckKind;
  ref: TargetRefKind;
  refId: string;
  label: string;
  place: string;
  /** Where it is on the map; null when the registry has no coordinates for it. */
  f: FeatureRef | null;
  s: Exclude<StateCodeValue, 0>;
  byId: string | null;
  by: string | null;
  at: string | null;
  /** Where the phone was when it was marked checked (proof of presence), if it gave a position. */
  loc: [number, number] | null;
  findings: FindingBrief[];
}

export interface MemberRef {
  id: string;
  name: string;
}

export interface GroupCoverage {
  groupId: string;
  groupName: string;
  quotas: Quotas;
  members: MemberRef[];
  targets: TargetCoverage[];
}

/** The whole state of a day: sent on (re)connect and by `GET /api/coverage?date=`. */
export interface CoverageSnapshot {
  date: string;
  /** Hash of the registry the feature ids refer to (`GET /api/coverage/geo` has the same). */
  registry: string;
  groups: GroupCoverage[];
  /** Members' own latest reported positions that day (`positions.ts`); none reported → absent or empty. */
  positions?: ReportedPosition[];
}

/** What changed on one group's sheet. */
export interface CoverageDelta {
  date: string;
  groupId: string;
  targets: TargetCoverage[];
  removed: string[];
}

/**
 * The map's own data, derived from the registry: township areas, villages, households. Points are
 * flat `[lng, lat, lng, lat, …]` arrays; a feature's id is its index in the registry's list, so
 * the sparse `ids` say which registry entries have a place on the map.
 */
export interface CoverageGeo {
  registry: string;
  county: { name: string; bbox: [number, number, number, number] };
  /** `group`: the inspection group stationed there (the map tints townships by group). */
  townships: { id: string; name: string; group: string | null; label: [number, number]; rings: [number, number][][][] }[];
  villages: { i: number[]; name: string[]; xy: number[] };
  /** `v`: the registry index of each household's village. */
  households: { i: number[]; xy: number[]; v: number[] };
}

/** Details for the popup: the target's check as the group filled it in. */
export interface TargetDetail {
  groupId: string;
  groupName: string;
  target: TargetCoverage;
  reason: string;
  answers: { id: string; zh: string; en: string; value: string; valueZh: string; valueEn: string; flagged: boolean }[];
  note: string;
  findings: (FindingBrief & { description: string })[];
}

/** `GET /api/map/config`: which engine draws the map. */
export interface MapConfig {
  engine: 'maplibre' | 'mapbox';
  /** Only when the server has MAPBOX_ACCESS_TOKEN (a public `pk.` token the browser needs). */
  mapboxToken?: string;
  /** Only when the server has a readable `BASEMAP_PMTILES` archive. */
  basemap?: BasemapConfig;
}

/** The tile formats a basemap archive may hold: Mapbox Vector Tiles, or raster images. */
export type BasemapTileType = 'mvt' | 'png' | 'jpg' | 'webp';
export type BasemapGeometry = 'point' | 'line' | 'polygon';

/** One layer of a vector archive, as its metadata (`vector_layers`, `tilestats`) describes it. */
export interface BasemapLayer {
  id: string;
  /** Known only when the archive's `tilestats` say; otherwise every kind is drawn. */
  geometry?: BasemapGeometry;
  minzoom?: number;
  maxzoom?: number;
}

/** A PMTiles archive the server serves from its own origin, described from its header and metadata. */
export interface BasemapConfig {
  /** Same-origin path of the archive; it names the archive's content, so it changes with it. */
  url: string;
  tileType: BasemapTileType;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  minzoom: number;
  maxzoom: number;
  /** Empty for raster archives. */
  vectorLayers: BasemapLayer[];
  /** Plain text (tags stripped), e.g. "© OpenStreetMap". */
  attribution?: string;
}
