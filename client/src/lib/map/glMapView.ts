/** `MapView` over maplibre-gl or mapbox-gl: the same calls, the same style, the same feature ids. */
import type { FeatureChange } from '../../../../shared/coverage/model';
import { StateCode, type CoverageGeo, type FeatureRef, type StateCodeValue } from '../../../../shared/coverage/types';
import type { Engine, GlEngine, GlMap, GlMarker, GlMouseEvent, GlPopup, LngLat, MapView } from './mapView';
import { CLICKABLE, geoSources, householdPoints, SOURCES } from './style';

const SOURCE_OF: Record<FeatureRef['l'], string> = { h: SOURCES.households, v: SOURCES.villages };
/** Touch-sized hit box around a click, in CSS pixels. */
const HIT = 8;

function refOf(f: { id?: string | number; source?: string }): FeatureRef | null {
  if (typeof f.id !== 'number') return null;
  if (f.source === SOURCES.households || f.source === SOURCES.householdBase) return { l: 'h', i: f.id };
  if (f.source === SOURCES.villages) return { l: 'v', i: f.id };
  return null;
}

export class GlMapView implements MapView {
  private popup: GlPopup | null = null;
  private readonly markers = new Map<string, { marker: GlMarker; el: HTMLElement }>();
  private clickHandler: ((f: FeatureRef | null, at: LngLat) => void) | null = null;
  /** Households with a state (on today's lists): the features of the `households` source. */
  private readonly drawn = new Set<number>();

  constructor(
    readonly engine: Engine,
    private readonly lib: GlEngine,
    private readonly map: GlMap,
    private geo: CoverageGeo,
  ) {
    map.on('click', (e: GlMouseEvent & { point?: { x: number; y: number } }) => {
      if (!this.clickHandler) return;
      const at: LngLat = [e.lngLat.lng, e.lngLat.lat];
      const hit = e.point
        ? this.map.queryRenderedFeatures(
            [
              [e.point.x - HIT, e.point.y - HIT],
              [e.point.x + HIT, e.point.y + HIT],
            ],
            { layers: [...CLICKABLE] },
          )
        : [];
      // A dot on today's lists wins over grey ones near it. Chosen by its state, not by hit order:
      // hit tests do not apply feature-state radii, so a hidden grey dot under it also "hits".
      const refs = hit.map(refOf).filter((r): r is FeatureRef => r !== null);
      const ref = refs.find((r) => this.getFeatureState(r) !== StateCode.none) ?? refs[0] ?? null;
      this.clickHandler(ref, at);
    });
    for (const layer of CLICKABLE) {
      map.on('mouseenter', layer, () => (this.map.getCanvas().style.cursor = 'pointer'));
      map.on('mouseleave', layer, () => (this.map.getCanvas().style.cursor = ''));
    }
  }

  get raw(): unknown {
    return this.map;
  }

  private setData(source: string, data: unknown): void {
    (this.map.getSource(source) as { setData?: (d: unknown) => void } | undefined)?.setData?.(data);
  }

  setGeo(geo: CoverageGeo): void {
    this.geo = geo;
    for (const [id, fc] of Object.entries(geoSources(geo, this.drawn))) this.setData(id, fc);
  }

  setFeatureStates(changes: readonly FeatureChange[]): void {
    let joined = false;
    for (const c of changes) {
      this.map.setFeatureState({ source: SOURCE_OF[c.l], id: c.i }, { s: c.s });
      if (c.l !== 'h') continue;
      // Feature state is kept by id, so a dot's state may be set before its feature arrives.
      if (c.s !== StateCode.none && !this.drawn.has(c.i)) {
        this.drawn.add(c.i);
        joined = true;
      } else if (c.s === StateCode.none) {
        // Left today's lists (a re-draw): state 0 already hides it; the feature stays until the
        // next time the set grows, so a day's state changes never re-send the source by themselves.
        this.drawn.delete(c.i);
      }
    }
    if (joined) this.setData(SOURCES.households, householdPoints(this.geo, this.drawn));
  }

  getFeatureState(f: FeatureRef): StateCodeValue {
    const s = this.map.getFeatureState({ source: SOURCE_OF[f.l], id: f.i })?.s;
    return typeof s === 'number' ? (s as StateCodeValue) : StateCode.none;
  }

  fitBounds(bbox: [number, number, number, number], opts: { padding?: number; maxZoom?: number; animate?: boolean } = {}): void {
    const [w, s, e, n] = bbox;
    this.map.fitBounds(
      [
        [w, s],
        [e, n],
      ],
      { padding: opts.padding ?? 24, maxZoom: opts.maxZoom ?? 14, animate: opts.animate ?? false },
    );
  }

  flyTo(center: LngLat, zoom = 13): void {
    this.map.flyTo({ center, zoom, speed: 1.6 });
  }

  showPopup(at: LngLat, content: HTMLElement, onClose?: () => void): void {
    this.closePopup();
    const popup = new this.lib.Popup({ closeButton: true, closeOnClick: false, maxWidth: '380px', offset: 12, className: 'suicha-popup' });
    popup.on('close', () => {
      if (this.popup === popup) this.popup = null;
      onClose?.();
    });
    popup.setLngLat(at).setDOMContent(content).addTo(this.map);
    this.popup = popup;
  }

  closePopup(): void {
    const p = this.popup;
    this.popup = null;
    p?.remove();
  }

  onFeatureClick(handler: (f: FeatureRef | null, at: LngLat) => void): void {
    this.clickHandler = handler;
  }

  setMarkers(markers: readonly { key: string; at: LngLat; el: HTMLElement }[]): void {
    const keep = new Set(markers.map((m) => m.key));
    for (const [key, m] of this.markers) {
      if (keep.has(key)) continue;
      m.marker.remove();
      this.markers.delete(key);
    }
    for (const m of markers) {
      const have = this.markers.get(m.key);
      if (have && have.el === m.el) {
        have.marker.setLngLat(m.at);
        continue;
      }
      have?.marker.remove();
      const marker = new this.lib.Marker({ element: m.el, anchor: 'bottom' }).setLngLat(m.at).addTo(this.map);
      this.markers.set(m.key, { marker, el: m.el });
    }
  }

  resize(): void {
    this.map.resize();
  }

  destroy(): void {
    this.closePopup();
    for (const m of this.markers.values()) m.marker.remove();
    this.markers.clear();
    this.clickHandler = null;
    this.map.remove();
  }
}
