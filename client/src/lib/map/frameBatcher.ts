/**
 * Collects feature-state changes and hands them to the map once per animation frame: a burst of
 * events repaints once, and a feature changed twice in one frame is painted only in its last
 * state. The scheduler is injected (requestAnimationFrame in the browser, a stub in tests).
 */
import type { FeatureChange } from '../../../../shared/coverage/model';

export type Schedule = (cb: () => void) => unknown;

export class FrameBatcher {
  private pending = new Map<string, FeatureChange>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly apply: (changes: FeatureChange[]) => void,
    private readonly schedule: Schedule = (cb) => requestAnimationFrame(cb),
  ) {}

  push(changes: readonly FeatureChange[]): void {
    if (this.stopped || changes.length === 0) return;
    for (const c of changes) this.pending.set(`${c.l}:${c.i}`, c);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Applies what is pending now (also what the scheduled frame does). */
  flush(): void {
    this.scheduled = false;
    if (this.stopped || this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
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
