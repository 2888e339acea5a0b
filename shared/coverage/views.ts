/** What the panels show, derived from the model: quota bars, members' last positions, findings. */
import type { FindingCategory } from '../categories';
import { CHECK_KINDS, type CheckKind } from '../checkKinds';
import { quotaFor, type KindProgress } from '../sheet';
import type { GroupState } from './model';
import { StateCode, type FindingBrief, type TargetCoverage } from './types';

export function groupProgress(g: GroupState): KindProgress[] {
  const targets = [...g.targets.values()];
  return CHECK_KINDS.map((kind) => {
    const of = targets.filter((t) => t.kind === kind);
    return { kind, total: of.length, checked: of.filter((t) => t.s >= StateCode.checked).length, quota: quotaFor(kind, g.quotas) };
  });
}

export interface MemberPosition {
  groupId: string;
  userId: string;
  name: string;
  /** Last check with a position; null when the member has not reported one today. */
  at: string | null;
  lngLat: [number, number] | null;
  /** What they checked there. */
  label: string | null;
  checked: number;
}

/**
 * Each member's last known position: where their latest check was marked (proof of presence).
 * Members on the group's roster with no check yet are listed without a position.
 */
export function memberPositions(groups: Iterable<GroupState>): MemberPosition[] {
  const out: MemberPosition[] = [];
  for (const g of groups) {
    const byUser = new Map<string, MemberPosition>();
    for (const m of g.members) byUser.set(m.id, { groupId: g.groupId, userId: m.id, name: m.name, at: null, lngLat: null, label: null, checked: 0 });
    for (const t of g.targets.values()) {
      if (!t.byId || !t.at || t.s < StateCode.checked) continue;
      let p = byUser.get(t.byId);
      if (!p) byUser.set(t.byId, (p = { groupId: g.groupId, userId: t.byId, name: t.by ?? t.byId, at: null, lngLat: null, label: null, checked: 0 }));
      p.checked++;
      if (t.loc && (!p.at || t.at > p.at)) {
        p.at = t.at;
        p.lngLat = t.loc;
        p.label = t.label;
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
