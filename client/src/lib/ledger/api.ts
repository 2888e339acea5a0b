/**
 * The debrief, ledger and summary endpoints. Failures are the app's two typed errors
 * (ApiRequestError with the server's body, NetworkError); a 409's extra fields (allowed
 * transitions, undecided findings) ride on `ApiRequestError.details`.
 */
import type { DebriefState, Decision, DecisionInput, SignOffResult } from '../../../../shared/debrief/types';
import type { ProblemFilter } from '../../../../shared/problems/lists';
import type { ProblemAction, ProblemView } from '../../../../shared/problems/types';
import type { DailySummary } from '../../../../shared/summary/compile';
import { ApiRequestError, request } from '../api';

/** The ledger's errors are the app's: its 409 details ride on `ApiRequestError.details`. */
export { ApiRequestError as LedgerRequestError };
const call = request;

export interface Option {
  id: string;
  name: string;
}

export interface LedgerOptions {
  units: Option[];
  townships: Option[];
  groups: Option[];
  today: string;
}

export interface ProblemWithActions {
  problem: ProblemView;
  allowed: ProblemAction[];
}

export interface SummaryListItem {
  date: string;
  title: string;
  generatedAt: string;
  totals: DailySummary['totals'];
}

export interface Delivery {
  id: string;
  webhookId: string;
  kind: 'json' | 'wecom' | 'dingtalk';
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  deliveredAt?: string;
  lastError?: string;
  nextAt?: string;
}

export interface TransitionRequest {
  action: ProblemAction;
  note?: string;
  evidence?: string[];
  assignment?: { unitId: string; person: string; measure: string; deadline: string };
}

const enc = encodeURIComponent;

export function filterQuery(f: ProblemFilter & { list?: string }): string {
  const q = new URLSearchParams();
  if (f.list) q.set('list', f.list);
  if (f.townshipId) q.set('township', f.townshipId);
  if (f.unitId) q.set('unit', f.unitId);
  if (f.groupId) q.set('group', f.groupId);
  if (f.category) q.set('category', f.category);
  if (f.state) q.set('state', f.state);
  if (f.overdue !== undefined) q.set('overdue', f.overdue ? '1' : '0');
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const ledgerApi = {
  debrief: (docName: string, signal?: AbortSignal) => call<DebriefState>('GET', `/api/debriefs/${enc(docName)}`, undefined, signal),
  decide: (docName: string, findingId: string, d: DecisionInput) => call<Decision>('PUT', `/api/debriefs/${enc(docName)}/decisions/${enc(findingId)}`, d),
  undecide: (docName: string, findingId: string) => call<void>('DELETE', `/api/debriefs/${enc(docName)}/decisions/${enc(findingId)}`),
  signOff: (docName: string) => call<SignOffResult>('POST', `/api/debriefs/${enc(docName)}/signoff`, {}),
  options: (signal?: AbortSignal) => call<LedgerOptions>('GET', '/api/problems/options', undefined, signal),
  problems: (f: ProblemFilter, signal?: AbortSignal) => call<{ problems: ProblemView[]; today: string }>('GET', `/api/problems${filterQuery(f)}`, undefined, signal),
  problem: (id: string, signal?: AbortSignal) => call<ProblemWithActions>('GET', `/api/problems/${enc(id)}`, undefined, signal),
  act: (id: string, body: TransitionRequest) => call<ProblemWithActions>('POST', `/api/problems/${enc(id)}/transitions`, body),
  scheduleRevisit: (id: string, groupId: string, date: string) => call<{ docName: string; targetId: string; added: boolean }>('POST', `/api/problems/${enc(id)}/revisit`, { groupId, date }),
  summaries: (signal?: AbortSignal) => call<{ summaries: SummaryListItem[]; webhooks: { id: string; kind: string }[]; cron: string; zone: string }>('GET', '/api/summaries', undefined, signal),
  summary: (date: string, signal?: AbortSignal) => call<{ summary: DailySummary; deliveries: Delivery[] }>('GET', `/api/summaries/${date}`, undefined, signal),
  preview: (date: string | null, signal?: AbortSignal) => call<{ summary: DailySummary }>('GET', `/api/summaries/preview${date ? `?date=${date}` : ''}`, undefined, signal),
};

export const exportUrl = (f: ProblemFilter & { list?: string }): string => `/api/problems/export.xlsx${filterQuery(f)}`;
export const summaryXlsxUrl = (date: string): string => `/api/summaries/${date}.xlsx`;

/** A readable line for an error, in the caller's words when the server gave none. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
