/**
 * The map behind a small interface, so views and tests do not depend on the engine: maplibre-gl
 * (default, offline) or mapbox-gl (when the server has a token). `GlMapView` drives either
 * through the handful of calls they share, described by `GlEngine` (tests pass a fake).
 */
import type { FeatureChange } from '../../../../shared/coverage/model';
import type { CoverageGeo, FeatureRef, StateCodeValue } from '../../../../shared/coverage/types';

export type Engine = 'maplibre' | 'mapbox';
export type LngLat = [number, number];

export interface MapView {
  readonly engine: Engine;
  /** The engine's own map object (tests read feature state from it). */
  readonly raw: unknown;
  /** Replaces the map's own data (a new registry); feature states are re-applied by the caller. */
  setGeo(geo: CoverageGeo): void;
  /** Paints features' states now; callers batch these per animation frame. */
  setFeatureStates(changes: readonly FeatureChange[]): void;
  getFeatureState(f: FeatureRef): StateCodeValue;
  fitBounds(bbox: [number, number, number, number], opts?: { padding?: number; maxZoom?: number; animate?: boolean }): void;
  flyTo(center: LngLat, zoom?: number): void;
  /** Opens a popup holding `content`; one at a time. `onClose` runs when it closes for any reason. */
  showPopup(at: LngLat, content: HTMLElement, onClose?: () => void): void;
  closePopup(): void;
  /** Called with the map feature under a click (households and villages), or null for empty map. */
  onFeatureClick(handler: (f: FeatureRef | null, at: LngLat) => void): void;
  /** HTML markers (members' positions), keyed: existing keys move, missing keys are removed. */
  setMarkers(markers: readonly { key: string; at: LngLat; el: HTMLElement }[]): void;
  resize(): void;
  destroy(): void;
}

/* The subset of the engines' API we use. Events carry engine objects; we read only these fields. */
export interface GlMouseEvent {
  lngLat: { lng: number; lat: number };
  features?: { id?: string | number; source?: string }[];
}

export interface GlMap {
  on(type: string, listener: (e: GlMouseEvent) => void): unknown;
  on(type: string, layer: string, listener: (e: GlMouseEvent) => void): unknown;
  getSource(id: string): unknown;
  setFeatureState(f: { source: string; id: number }, state: Record<string, unknown>): void;
  getFeatureState(f: { source: string; id: number }): Record<string, unknown> | null | undefined;
  fitBounds(b: [[number, number], [number, number]], opts?: Record<string, unknown>): unknown;
  flyTo(opts: Record<string, unknown>): unknown;
  queryRenderedFeatures(point: unknown, opts?: { layers?: string[] }): { id?: string | number; source?: string }[];
  getCanvas(): HTMLCanvasElement;
  resize(): unknown;
  remove(): void;
}

export interface GlPopup {
  setLngLat(ll: LngLat): GlPopup;
  setDOMContent(el: HTMLElement): GlPopup;
  addTo(map: GlMap): GlPopup;
  on(type: 'close', listener: () => void): unknown;
  remove(): unknown;
}

export interface GlMarker {
  setLngLat(ll: LngLat): GlMarker;
  addTo(map: GlMap): GlMarker;
  remove(): unknown;
}

/** What `new Map(...)` etc. need from an engine module; maplibre-gl and mapbox-gl both fit. */
export interface GlEngine {
  Map: new (opts: Record<string, unknown>) => GlMap;
  Popup: new (opts: Record<string, unknown>) => GlPopup;
  Marker: new (opts: Record<string, unknown>) => GlMarker;
  /** maplibre-gl only: custom URL schemes (`pmtiles://` for the basemap). mapbox-gl has none. */
  addProtocol?: (name: string, load: (...args: never[]) => unknown) => void;
}
