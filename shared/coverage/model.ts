/**
 * The command centre's state of a day, and the map changes each event implies. Pure (no DOM, no
 * I/O): the client feeds it snapshots and deltas and hands the returned feature changes to the
 * map; tests drive it directly.
 */
import { DEFAULT_QUOTAS, type Quotas } from '../checkKinds';
import { newerReport, type ReportedPosition } from './positions';
import { combineStates } from './state';
import { StateCode, type CoverageDelta, type CoverageSnapshot, type FeatureRef, type MemberRef, type StateCodeValue, type TargetCoverage } from './types';

/** A map feature whose painted state must change. */
export interface FeatureChange {
  l: FeatureRef['l'];
  i: number;
  s: StateCodeValue;
}

export interface GroupState {
  groupId: string;
  groupName: string;
  quotas: Quotas;
  members: MemberRef[];
  targets: Map<string, TargetCoverage>;
}

const featureKey = (f: FeatureRef) => `${f.l}:${f.i}`;
const targetKey = (groupId: string, targetId: string) => `${groupId}\u0000${targetId}`;

export class CoverageModel {
  date: string | null = null;
  registry: string | null = null;
  readonly groups = new Map<string, GroupState>();
  /** Members' latest reported positions of the day, by user id. */
  readonly positions = new Map<string, ReportedPosition>();
  /** Set when a delta names a group the last snapshot did not have: the caller should resync. */
  stale = false;
  private readonly onFeature = new Map<string, Set<string>>();
  private readonly painted = new Map<string, StateCodeValue>();

  /** Replaces everything; returns the changes that bring the map from the old day to this one. */
  applySnapshot(s: CoverageSnapshot): FeatureChange[] {
    const touched = new Set(this.onFeature.keys());
    this.groups.clear();
    this.onFeature.clear();
    this.date = s.date;
    this.registry = s.registry;
    this.stale = false;
    // Same day: a position that arrived while the snapshot was read is newer than the snapshot's.
    const kept = [...this.positions.values()];
    this.positions.clear();
    for (const p of s.positions ?? []) this.applyPosition(p);
    for (const p of kept) this.applyPosition(p);
    for (const g of s.groups) {
      const state: GroupState = { groupId: g.groupId, groupName: g.groupName, quotas: g.quotas ?? DEFAULT_QUOTAS, members: g.members, targets: new Map() };
      this.groups.set(g.groupId, state);
      for (const t of g.targets) {
        state.targets.set(t.id, t);
        if (t.f) touched.add(this.attach(g.groupId, t.id, t.f));
      }
    }
    return this.repaint(touched);
  }

  /** Applies one group's changes; a delta for another day is ignored. */
  applyDelta(d: CoverageDelta): FeatureChange[] {
    if (d.date !== this.date) return [];
    const group = this.groups.get(d.groupId);
    if (!group) {
      this.stale = true;
      return [];
    }
    const touched = new Set<string>();
    const drop = (id: string) => {
      const old = group.targets.get(id);
      if (!old) return;
      group.targets.delete(id);
      if (old.f) touched.add(this.detach(d.groupId, id, old.f));
    };
    for (const id of d.removed) drop(id);
    for (const t of d.targets) {
      const old = group.targets.get(t.id);
      if (old?.f && (!t.f || featureKey(old.f) !== featureKey(t.f))) touched.add(this.detach(d.groupId, t.id, old.f));
      group.targets.set(t.id, t);
      if (t.f) touched.add(this.attach(d.groupId, t.id, t.f));
    }
    return this.repaint(touched);
  }

  /**
   * A member's reported position; true when it changed what we hold. Another day's is ignored,
   * and so is one older than what we have (an offline phone's late report arriving after a newer).
   */
  applyPosition(p: ReportedPosition): boolean {
    if (p.date !== this.date || !newerReport(this.positions.get(p.userId), p)) return false;
    this.positions.set(p.userId, p);
    return true;
  }

  /** The targets drawn at one map feature (a popup lists them all). */
  targetsAt(f: FeatureRef): { group: GroupState; target: TargetCoverage }[] {
    const out: { group: GroupState; target: TargetCoverage }[] = [];
    for (const key of this.onFeature.get(featureKey(f)) ?? []) {
      const [groupId, targetId] = key.split('\u0000') as [string, string];
      const group = this.groups.get(groupId);
      const target = group?.targets.get(targetId);
      if (group && target) out.push({ group, target });
    }
    return out;
  }

  /** Every feature not in the `none` state: what a freshly created map must paint. */
  paintedFeatures(): FeatureChange[] {
    return [...this.painted].map(([k, s]) => {
      const [l, i] = k.split(':') as [FeatureRef['l'], string];
      return { l, i: Number(i), s };
    });
  }

  /** The state a feature is painted with now (what the map should show). */
  stateOf(f: FeatureRef): StateCodeValue {
    return this.painted.get(featureKey(f)) ?? StateCode.none;
  }

  private attach(groupId: string, targetId: string, f: FeatureRef): string {
    const k = featureKey(f);
    let set = this.onFeature.get(k);
    if (!set) this.onFeature.set(k, (set = new Set()));
    set.add(targetKey(groupId, targetId));
    return k;
  }

  private detach(groupId: string, targetId: string, f: FeatureRef): string {
    const k = featureKey(f);
    const set = this.onFeature.get(k);
    set?.delete(targetKey(groupId, targetId));
    if (set?.size === 0) this.onFeature.delete(k);
    return k;
  }

  /** Recombines the touched features; returns only those whose painted state really changes. */
  private repaint(touched: Iterable<string>): FeatureChange[] {
    const out: FeatureChange[] = [];
    for (const k of touched) {
      const codes: number[] = [];
      for (const key of this.onFeature.get(k) ?? []) {
        const [groupId, targetId] = key.split('\u0000') as [string, string];
        const t = this.groups.get(groupId)?.targets.get(targetId);
        if (t) codes.push(t.s);
      }
      const s = combineStates(codes);
      if ((this.painted.get(k) ?? StateCode.none) === s) continue;
      if (s === StateCode.none) this.painted.delete(k);
      else this.painted.set(k, s);
      const [l, i] = k.split(':') as [FeatureRef['l'], string];
      out.push({ l, i: Number(i), s });
    }
    return out;
  }
}
