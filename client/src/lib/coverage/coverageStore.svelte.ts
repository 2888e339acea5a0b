/**
 * The command centre's state on the client: the pure `CoverageModel`, fed by the live socket
 * (today) or by `GET /api/coverage?date=` (a past day). Map changes go through a FrameBatcher
 * (one `setFeatureState` pass per animation frame); the panels re-derive from `version`,
 * bumped at most four times a second.
 */
import { CoverageModel } from '../../../../shared/coverage/model';
import type { CoverageDelta, CoverageSnapshot } from '../../../../shared/coverage/types';
import { ApiRequestError } from '../api';
import { FrameBatcher } from '../map/frameBatcher';
import type { MapView } from '../map/mapView';
import { coverageApi } from './coverageApi';
import { connectFeed, type FeedStatus, type LiveFeed } from './liveFeed';

const RESYNC_EVERY_MS = 5 * 60_000;
/** Dots are repainted at most twice a second (see FrameBatcher): within a second, without a repaint every frame. */
const MAP_APPLY_EVERY_MS = 500;
const PANEL_EVERY_MS = 250;

export class CoverageStore {
  readonly model = new CoverageModel();
  /** Bumped (at most once per frame) whenever the model changed: derive panels from it. */
  version = $state(0);
  feedStatus = $state<FeedStatus>('connecting');
  /** The day asked for: null = today, live. */
  replayDate = $state<string | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  /** The server said 403: this role has no command centre. */
  denied = $state(false);
  /** Registry hash of the current snapshot (the page reloads the map's data when it changes). */
  registry = $state<string | null>(null);

  private map: MapView | null = null;
  private feed: LiveFeed | null = null;
  private readonly batcher = new FrameBatcher((changes) => this.map?.setFeatureStates(changes), undefined, { minIntervalMs: MAP_APPLY_EVERY_MS });
  private bumpQueued = false;
  private replayAbort: AbortController | null = null;
  private closed = false;

  /**
   * Belt and braces: every change is emitted as it is stored, but an event lost in transit (a
   * dropped adapter message) would otherwise stay wrong until a reconnect. Cheap: one snapshot
   * every few minutes.
   */
  private safetyNet = setInterval(() => {
    if (this.replayDate === null && !document.hidden) this.feed?.resync();
  }, RESYNC_EVERY_MS);

  async connect(): Promise<void> {
    const feed = await connectFeed({
      snapshot: (s) => {
        if (this.replayDate === null) this.apply(s);
      },
      delta: (d) => this.onDelta(d),
      position: (p) => {
        // A past day on screen is a replay: today's positions are not part of it.
        if (this.replayDate === null && this.model.applyPosition(p)) this.bump();
      },
      status: (s) => {
        this.feedStatus = s;
        if (s === 'denied') this.denied = true;
      },
    });
    if (this.closed) feed.close();
    else this.feed = feed;
  }

  /** Switches between today (live) and a past day (replay). */
  async show(date: string | null): Promise<void> {
    this.replayAbort?.abort();
    this.replayDate = date;
    this.error = null;
    if (date === null) {
      this.loading = this.model.date === null;
      this.feed?.resync();
      return;
    }
    const ctl = (this.replayAbort = new AbortController());
    this.loading = true;
    try {
      const snap = await coverageApi.day(date, ctl.signal);
      if (!ctl.signal.aborted) this.apply(snap);
    } catch (err) {
      if (ctl.signal.aborted) return;
      if (err instanceof ApiRequestError && err.status === 403) this.denied = true;
      else this.error = err instanceof Error ? err.message : String(err);
      this.loading = false;
    }
  }

  /** Hands the map over; it gets the whole current state at once, then per-frame batches. */
  attachMap(view: MapView | null): void {
    this.map = view;
    if (view) view.setFeatureStates(this.model.paintedFeatures());
  }

  private apply(s: CoverageSnapshot): void {
    this.batcher.push(this.model.applySnapshot(s));
    this.registry = s.registry;
    this.loading = false;
    this.bump();
  }

  private onDelta(d: CoverageDelta): void {
    const live = this.replayDate === null;
    // A delta of a later day: midnight passed, today's sheets exist now. Ask for the new day.
    if (live && this.model.date !== null && d.date > this.model.date) return this.feed?.resync();
    const changes = this.model.applyDelta(d);
    if (this.model.stale && live) {
      this.model.stale = false;
      this.feed?.resync(); // a group we did not know (created after our snapshot)
    }
    this.batcher.push(changes);
    this.bump();
  }

  /**
   * The panels follow at most four times a second: nobody reads a bar faster, and every panel
   * repaint competes with the map's frames (a software-rendered wall screen has few to spare).
   */
  private bump(): void {
    if (this.bumpQueued) return;
    this.bumpQueued = true;
    setTimeout(() => {
      this.bumpQueued = false;
      this.version++;
    }, PANEL_EVERY_MS);
  }

  destroy(): void {
    this.closed = true;
    clearInterval(this.safetyNet);
    this.replayAbort?.abort();
    this.batcher.stop();
    this.feed?.close();
    this.map = null;
  }
}
