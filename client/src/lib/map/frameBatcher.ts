/**
 * Collects feature-state changes and hands them to the map on an animation frame: a burst of
 * events repaints once, and a feature changed twice before then is painted only in its last state.
 *
 * With `minIntervalMs`, frames that apply changes are at least that far apart. A repaint of the
 * whole map is the expensive part (tens of ms on a software-rendered wall screen), and a wall
 * screen gains nothing from repainting dots 15 times a second: at twice a second every change
 * still shows well within a second, and the frames in between stay free for panning, popups and
 * the panels. The scheduler and clock are injected (requestAnimationFrame in the browser).
 */
import type { FeatureChange } from '../../../../shared/coverage/model';

export type Schedule = (cb: () => void) => unknown;

export interface BatcherTiming {
  /** Least time between two applied batches (0: every animation frame). */
  minIntervalMs?: number;
  now?: () => number;
  delay?: (cb: () => void, ms: number) => unknown;
}

export class FrameBatcher {
  private pending = new Map<string, FeatureChange>();
  private scheduled = false;
  private stopped = false;
  private lastFlush = -Infinity;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly delay: (cb: () => void, ms: number) => unknown;

  constructor(
    private readonly apply: (changes: FeatureChange[]) => void,
    private readonly schedule: Schedule = (cb) => requestAnimationFrame(cb),
    timing: BatcherTiming = {},
  ) {
    this.minIntervalMs = timing.minIntervalMs ?? 0;
    this.now = timing.now ?? (() => performance.now());
    this.delay = timing.delay ?? ((cb, ms) => setTimeout(cb, ms));
  }

  push(changes: readonly FeatureChange[]): void {
    if (this.stopped || changes.length === 0) return;
    for (const c of changes) this.pending.set(`${c.l}:${c.i}`, c);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastFlush + this.minIntervalMs - this.now();
    if (wait > 0) this.delay(() => this.schedule(() => this.flush()), wait);
    else this.schedule(() => this.flush());
  }

  /** Applies what is pending now (also what the scheduled frame does). */
  flush(): void {
    this.scheduled = false;
    if (this.stopped || this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.lastFlush = this.now();
    this.apply(batch);
  }

  get size(): number {
    return this.pending.size;
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }
}
