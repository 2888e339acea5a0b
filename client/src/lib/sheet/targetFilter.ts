/** Filtering, status and ordering of the target list — pure functions over TargetView. */
import type { CheckKind } from '../../../../shared/checkKinds';
import type { TargetView } from '../../../../shared/sheet';

export const TARGET_FILTERS = ['all', 'unchecked', 'checked', 'findings'] as const;
export type TargetFilter = (typeof TARGET_FILTERS)[number];

export type TargetStatus = 'unchecked' | 'inProgress' | 'checked';

export function targetStatus(t: TargetView): TargetStatus {
  if (t.checkedAt) return 'checked';
  if (t.answered > 0 || t.noteLength > 0 || t.findings > 0) return 'inProgress';
  return 'unchecked';
}

export function passesFilter(t: TargetView, f: TargetFilter): boolean {
  switch (f) {
    case 'all':
      return true;
    case 'unchecked':
      return !t.checkedAt;
    case 'checked':
      return !!t.checkedAt;
    case 'findings':
      return t.findings > 0;
  }
}

/** Case- and width-insensitive match on label, place and reason. */
export function matchesQuery(t: TargetView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return `${t.label}\n${t.place}\n${t.reason}`.toLowerCase().includes(q);
}

const REF_ORDER = { village: 0, household: 1, issue: 2 } as const;

/** Stable order (never by status, so rows do not jump when someone marks one checked). */
export function compareTargets(a: TargetView, b: TargetView): number {
  return (
    REF_ORDER[a.refKind] - REF_ORDER[b.refKind] ||
    a.place.localeCompare(b.place, 'zh-CN') ||
    a.label.localeCompare(b.label, 'zh-CN') ||
    a.id.localeCompare(b.id)
  );
}

export function groupByKind(targets: TargetView[], kinds: readonly CheckKind[]): { kind: CheckKind; targets: TargetView[] }[] {
  return kinds.map((kind) => ({ kind, targets: targets.filter((t) => t.kind === kind).sort(compareTargets) }));
}

export function filterCounts(targets: TargetView[]): Record<TargetFilter, number> {
  return {
    all: targets.length,
    unchecked: targets.filter((t) => !t.checkedAt).length,
    checked: targets.filter((t) => !!t.checkedAt).length,
    findings: targets.filter((t) => t.findings > 0).length,
  };
}
