/** What the debrief API speaks: decisions per finding, the sign-off record, amendments. */

export interface Signer {
  id: string;
  name: string;
}

/** Solved on the spot (现场解决), with a note saying how. */
export interface SolvedDecision {
  kind: 'solved';
  note: string;
}

/** Assigned (交办): becomes a ledger problem at sign-off. */
export interface AssignedDecision {
  kind: 'assigned';
  unitId: string;
  person: string;
  measure: string;
  /** YYYY-MM-DD in the county's zone; not before today. */
  deadline: string;
  note?: string;
}

export type DecisionInput = SolvedDecision | AssignedDecision;
/** A decision as recorded; `signedAt` once a sign-off acted on it (it is final then). */
export type Decision = DecisionInput & { decidedBy: Signer; decidedAt: string; signedAt?: string };

export interface SignOffRecord {
  docName: string;
  date: string;
  at: string;
  by: Signer;
}

export type RevisitOutcome =
  | { targetId: string; problemId: string; outcome: 'verified' | 'sent_back' }
  /** Left as it was, and why: no verdict, not marked checked, not awaiting a re-visit, … */
  | { targetId: string; problemId: string; outcome: 'skipped'; reason: string };

/** A change after sign-off: the leader's edit of the sheet, or findings decided later. */
export interface Amendment {
  at: string;
  kind: 'sheet_edit' | 'late_decisions';
  /** The group's leader(s) — after sign-off nobody else can write the sheet. */
  by: Signer[];
  targets: { targetId: string; label: string; changes: string[] }[];
  problems: string[];
}

export interface DebriefState {
  docName: string;
  groupId: string;
  date: string;
  signedOff: SignOffRecord | null;
  /** By finding id. */
  decisions: Record<string, Decision>;
  /** Finding id → problem id, for findings that became problems. */
  problems: Record<string, string>;
  revisits: RevisitOutcome[];
  amendments: Amendment[];
}

export interface SignOffResult {
  signedOff: SignOffRecord;
  /** Problems this request created (a retry creates none). */
  created: string[];
  problems: Record<string, string>;
  revisits: RevisitOutcome[];
  /** True when this request was the one that signed the day off. */
  first: boolean;
}

/** Findings that still need a decision before the day (or an amendment) can be signed. */
export function undecided(findingIds: readonly string[], decisions: Readonly<Record<string, unknown>>): string[] {
  return findingIds.filter((id) => !(id in decisions));
}
