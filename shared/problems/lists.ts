/**
 * The three lists (三单, seed 000 四(二), seed 004): one set of problems seen three ways —
 * 问题清单 (what is wrong), 整改清单 (what will be done), 责任清单 (who answers, by when) —
 * with the filters every view and export shares. Pure; the server and the client use it.
 */
import { FINDING_CATEGORY_LABELS, type FindingCategory } from '../categories';
import { dayInZone } from '../dates';
import { codesOf, type Label } from '../labels';
import { PROBLEM_ACTION_LABELS, PROBLEM_STATE_LABELS, type ProblemState, type ProblemView, type Transition } from './types';

export const LEDGER_LIST_LABELS = {
  problems: { zh: '问题清单', en: 'Problem list' },
  rectification: { zh: '整改清单', en: 'Rectification list' },
  responsibility: { zh: '责任清单', en: 'Responsibility list' },
} satisfies Record<string, Label>;
export type LedgerList = keyof typeof LEDGER_LIST_LABELS;
export const LEDGER_LISTS = codesOf(LEDGER_LIST_LABELS);

export interface ProblemFilter {
  townshipId?: string;
  unitId?: string;
  category?: FindingCategory;
  state?: ProblemState;
  /** true: only overdue; false: only not overdue. */
  overdue?: boolean;
  groupId?: string;
}

export function matchesFilter(p: ProblemView, f: ProblemFilter): boolean {
  return (
    (!f.townshipId || p.townshipId === f.townshipId) &&
    (!f.unitId || p.unitId === f.unitId) &&
    (!f.category || p.category === f.category) &&
    (!f.state || p.state === f.state) &&
    (f.overdue === undefined || p.overdue === f.overdue) &&
    (!f.groupId || p.groupId === f.groupId)
  );
}

/** Oldest first within a township and village: the order an office files them in. */
export function ledgerOrder(a: ProblemView, b: ProblemView): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** The transitions that say how rectification went (整改进展), in order. */
const PROGRESS_ACTIONS = new Set<Transition['action']>(['start', 'progress', 'report', 'send_back', 'verify', 'reassign']);

/** 整改进展: one line per step, "05-23 开始整改:已组织…"; the last `max` steps. */
export function progressLines(p: Pick<ProblemView, 'history'>, zone: string, max = 4): string[] {
  return p.history
    .filter((t) => PROGRESS_ACTIONS.has(t.action))
    .slice(-max)
    .map((t) => {
      const day = dayInZone(new Date(t.at), zone).slice(5);
      const what = PROBLEM_ACTION_LABELS[t.action].zh;
      return t.note ? `${day} ${what}:${t.note}` : `${day} ${what}`;
    });
}

export function stateText(p: Pick<ProblemView, 'state' | 'overdue'>): string {
  const label = PROBLEM_STATE_LABELS[p.state].zh;
  return p.overdue ? `${label}(逾期)` : label;
}

/** The table layout of the seeds (seed 004: problem, measures, unit, deadline, progress). */
export const LEDGER_HEADERS = ['序号', '乡镇', '村', '问题描述', '问题类别', '整改措施', '责任单位', '责任人', '整改时限', '整改进展', '状态'] as const;

/** One row per problem, in LEDGER_HEADERS order (序号 from 1). */
export function ledgerRows(problems: ProblemView[], zone: string): (string | number)[][] {
  return problems.map((p, i) => [
    i + 1,
    p.townshipName,
    p.villageName,
    p.description,
    FINDING_CATEGORY_LABELS[p.category].zh,
    p.measure,
    p.unitName,
    p.person,
    p.deadline,
    progressLines(p, zone).join('\n'),
    stateText(p),
  ]);
}
