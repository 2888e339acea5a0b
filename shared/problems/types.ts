/**
 * The problem ledger's records (DOMAIN.md "Problems and the three lists"): plain JSON, stored in
 * Redis by the server, shown by the client. The rules that move a problem live in machine.ts.
 */
import type { FindingCategory, Severity } from '../categories';
import type { CheckKind } from '../checkKinds';
import { codesOf, type Label } from '../labels';
import type { Role } from '../roles';

/**
 * found 发现 → assigned 交办 → rectifying 整改中 → awaiting_revisit 待回访销号 → closed 已销号;
 * a failed re-visit sends it back to rectifying (退回).
 */
export const PROBLEM_STATE_LABELS = {
  found: { zh: '已发现', en: 'Found' },
  assigned: { zh: '已交办', en: 'Assigned' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  awaiting_revisit: { zh: '待回访销号', en: 'Awaiting re-visit' },
  closed: { zh: '已销号', en: 'Closed' },
} satisfies Record<string, Label>;
export type ProblemState = keyof typeof PROBLEM_STATE_LABELS;
export const PROBLEM_STATES = codesOf(PROBLEM_STATE_LABELS);

/**
 * Everything that can happen to a problem. `verify` and `send_back` are the two outcomes of a
 * re-visit and are only ever performed by a signed-off re-visit sheet, never over the API.
 */
export const PROBLEM_ACTION_LABELS = {
  find: { zh: '发现问题', en: 'Found' },
  assign: { zh: '交办', en: 'Assigned' },
  start: { zh: '开始整改', en: 'Started rectifying' },
  progress: { zh: '报告进展', en: 'Progress reported' },
  report: { zh: '报告整改完成', en: 'Reported rectified' },
  reassign: { zh: '调整交办', en: 'Re-assigned' },
  verify: { zh: '回访销号', en: 'Closed by re-visit' },
  send_back: { zh: '回访退回', en: 'Sent back by re-visit' },
} satisfies Record<string, Label>;
export type ProblemAction = keyof typeof PROBLEM_ACTION_LABELS;
export const PROBLEM_ACTIONS = codesOf(PROBLEM_ACTION_LABELS);

export interface Who {
  id: string;
  name: string;
  role: Role;
}

/** The re-visit that verified or sent back a problem: which sheet, which target, who signed it. */
export interface RevisitRef {
  docName: string;
  targetId: string;
  date: string;
  signedOffBy: { id: string; name: string };
}

/** The 责任清单 fields; `reassign` may change any of them. */
export interface Assignment {
  unitId: string;
  unitName: string;
  /** 责任人 */
  person: string;
  /** 整改措施 */
  measure: string;
  /** 整改时限, YYYY-MM-DD in the county's zone (inclusive). */
  deadline: string;
}

export interface Transition {
  action: ProblemAction;
  from: ProblemState | null;
  to: ProblemState;
  at: string;
  by: Who;
  note: string;
  /** Text or URLs for now (photos arrive with the field app). */
  evidence: string[];
  revisit?: RevisitRef;
  /** For assign / reassign: the assignment after this transition. */
  assignment?: Assignment;
}

export interface Problem extends Assignment {
  id: string;
  /** Bumped by every stored change; the repository's compare-and-set guard. */
  version: number;
  state: ProblemState;
  /** Where it was found: the sheet, its target and the finding. */
  docName: string;
  groupId: string;
  groupName: string;
  date: string;
  targetId: string;
  targetLabel: string;
  findingId: string;
  kind: CheckKind;
  category: FindingCategory;
  severity: Severity;
  description: string;
  townshipId: string;
  townshipName: string;
  villageId: string;
  villageName: string;
  householdId?: string;
  createdAt: string;
  closedAt?: string;
  history: Transition[];
}

/** What the API returns: the record plus what is computed at read time. */
export interface ProblemView extends Problem {
  overdue: boolean;
}

/**
 * Problem ids are derived from (sheet, finding) by the server — `p_` and 16 hex digits — so a
 * retried sign-off names the same problem. The prefix keeps them apart from registry issue ids
 * when a problem rides on a sheet as a re-visit target (refKind 'issue', refId = problem id).
 */
export const PROBLEM_ID_RE = /^p_[0-9a-f]{16}$/;
