/** What the panels show, derived from the model: quota bars, members' last positions, findings. */
import type { FindingCategory } from '../categories';
import { CHECK_KINDS, type CheckKind } from '../checkKinds';
import { quotaFor, type KindProgress } from '../sheet';
import type { GroupState } from './model';
import type { MemberPosition } from './positions';
import { StateCode, type FindingBrief, type TargetCoverage } from './types';

export function groupProgress(g: GroupState): KindProgress[] {
  const targets = [...g.targets.values()];
  return CHECK_KINDS.map((kind) => {
    const of = targets.filter((t) => t.kind === kind);
    return { kind, total: of.length, checked: of.filter((t) => t.s >= StateCode.checked).length, quota: quotaFor(kind, g.quotas) };
  });
}

export type { MemberPosition } from './positions';

/**
 * Each member's position as their checks alone tell it: where their latest check with a position
 * was marked (proof of presence). Members on the group's roster with no check yet are listed
 * without a position. `mergePositions` (positions.ts) lays their own reports over this.
 */
export function memberPositions(groups: Iterable<GroupState>): MemberPosition[] {
  const out: MemberPosition[] = [];
  for (const g of groups) {
    const byUser = new Map<string, MemberPosition>();
    const blank = (userId: string, name: string): MemberPosition => ({ groupId: g.groupId, userId, name, at: null, lngLat: null, source: null, accuracy: null, check: null, checked: 0 });
    for (const m of g.members) byUser.set(m.id, blank(m.id, m.name));
    for (const t of g.targets.values()) {
      if (!t.byId || !t.at || t.s < StateCode.checked) continue;
      let p = byUser.get(t.byId);
      if (!p) byUser.set(t.byId, (p = blank(t.byId, t.by ?? t.byId)));
      p.checked++;
      if (t.loc && (!p.at || t.at > p.at)) {
        p.at = t.at;
        p.lngLat = t.loc;
        p.source = 'check';
        p.check = { at: t.at, label: t.label };
      }
    }
    out.push(...byUser.values());
  }
  return out;
}

export interface FeedItem extends FindingBrief {
  groupId: string;
  groupName: string;
  kind: CheckKind;
  targetId: string;
  targetLabel: string;
  place: string;
  target: TargetCoverage;
}

export interface FeedFilter {
  groupId?: string | null;
  kind?: CheckKind | null;
  category?: FindingCategory | null;
}

/** Every finding of the day, newest first, filtered by group, check kind and category. */
export function findingsFeed(groups: Iterable<GroupState>, filter: FeedFilter = {}, limit = 200): FeedItem[] {
  const out: FeedItem[] = [];
  for (const g of groups) {
    if (filter.groupId && g.groupId !== filter.groupId) continue;
    for (const t of g.targets.values()) {
      if (filter.kind && t.kind !== filter.kind) continue;
      for (const f of t.findings) {
        if (filter.category && f.category !== filter.category) continue;
        out.push({ ...f, groupId: g.groupId, groupName: g.groupName, kind: t.kind, targetId: t.id, targetLabel: t.label, place: t.place, target: t });
      }
    }
  }
  out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id.localeCompare(b.id)));
  return out.slice(0, limit);
}

/** County totals for the header: targets on today's lists, checked, with findings. */
export function dayTotals(groups: Iterable<GroupState>): { targets: number; checked: number; findings: number } {
  let targets = 0;
  let checked = 0;
  let findings = 0;
  for (const g of groups) {
    for (const t of g.targets.values()) {
      targets++;
      if (t.s >= StateCode.checked) checked++;
      findings += t.findings.length;
    }
  }
  return { targets, checked, findings };
}
