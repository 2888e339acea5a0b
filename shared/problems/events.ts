/**
 * socket.io events of the problem ledger, the debrief and the nightly summary. Rooms: a problem
 * change goes to `county`, its group and its unit; a sign-off to `county` and the group; a
 * summary to `county`.
 */
import type { SignOffRecord } from '../debrief/types';
import type { ProblemView } from './types';

export interface DebriefSignedEvent {
  docName: string;
  groupId: string;
  date: string;
  signedOff: SignOffRecord;
  /** Problems created by this sign-off (or amendment). */
  created: string[];
}

export interface SummaryReadyEvent {
  date: string;
  title: string;
  totals: { checked: number; quota: number; findings: number; opened: number; closedByRevisit: number; overdue: number };
}

export interface LedgerEvents {
  'problem:changed': (problem: ProblemView) => void;
  'debrief:signed': (e: DebriefSignedEvent) => void;
  'summary:ready': (e: SummaryReadyEvent) => void;
}
