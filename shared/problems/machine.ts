/**
 * The problem lifecycle as a pure state machine (docs/SPEC.md, PL rules). Every change to a
 * problem goes through `transition`; the server stores what it returns and nothing else.
 *
 *   find      —                 → found             (the debrief sign-off)
 *   assign    found             → assigned          (the group's leader, at sign-off)
 *   start     assigned          → rectifying        (the responsible unit)
 *   progress  rectifying        → rectifying        (the responsible unit)
 *   report    rectifying        → awaiting_revisit  (the responsible unit)
 *   reassign  assigned|rectifying, state kept       (the group's leader, the county office)
 *   verify    awaiting_revisit  → closed            (a signed-off re-visit only)
 *   send_back awaiting_revisit  → rectifying        (a signed-off re-visit only)
 *
 * Seed 004 warns against paper rectification: no user action closes a problem; only `verify`,
 * whose actor is a re-visit, does.
 */
import type { Assignment, Problem, ProblemAction, ProblemState, RevisitRef, Transition, Who } from './types';

/** Who acts. A re-visit is its own kind of actor: no login, role or request can pose as one. */
export type Actor =
  | { kind: 'user'; who: Who; unitId?: string; groupId?: string }
  | { kind: 'revisit'; who: Who; revisit: RevisitRef };

export interface TransitionInput {
  action: ProblemAction;
  note?: string;
  evidence?: string[];
  assignment?: Assignment;
}

export type Refusal =
  | { code: 'forbidden'; message: string }
  | { code: 'illegal'; message: string; state: ProblemState; allowed: ProblemAction[] }
  | { code: 'invalid'; message: string; field: string };

export type TransitionResult = { ok: true; problem: Problem } | { ok: false; refusal: Refusal };

type Performer = 'leader' | 'unit' | 'revisit';

interface Edge {
  from: readonly (ProblemState | null)[];
  /** null: the state is kept. */
  to: ProblemState | null;
  by: readonly Performer[] | 'office-or-leader';
  needsNote?: boolean;
  needsAssignment?: boolean;
}

const EDGES: Record<ProblemAction, Edge> = {
  find: { from: [null], to: 'found', by: ['leader'] },
  assign: { from: ['found'], to: 'assigned', by: ['leader'], needsAssignment: true },
  start: { from: ['assigned'], to: 'rectifying', by: ['unit'] },
  progress: { from: ['rectifying'], to: null, by: ['unit'], needsNote: true },
  report: { from: ['rectifying'], to: 'awaiting_revisit', by: ['unit'], needsNote: true },
  reassign: { from: ['assigned', 'rectifying'], to: null, by: 'office-or-leader', needsAssignment: true },
  verify: { from: ['awaiting_revisit'], to: 'closed', by: ['revisit'] },
  send_back: { from: ['awaiting_revisit'], to: 'rectifying', by: ['revisit'] },
};

export const MAX_NOTE = 2000;
export const MAX_EVIDENCE = 10;
export const MAX_EVIDENCE_ITEM = 500;

/** Whether the actor may see the problem at all: a unit sees only its own unit's problems. */
export function canSee(actor: Actor, p: Pick<Problem, 'unitId'>): boolean {
  if (actor.kind === 'revisit') return true;
  return actor.who.role !== 'unit' || (!!actor.unitId && actor.unitId === p.unitId);
}

/** Whether this actor is of a kind that ever performs `action` on this problem (state aside). */
function performs(actor: Actor, action: ProblemAction, p: Pick<Problem, 'unitId' | 'groupId'>): boolean {
  const by = EDGES[action].by;
  if (actor.kind === 'revisit') return by !== 'office-or-leader' && by.includes('revisit');
  const { role } = actor.who;
  const ownLeader = role === 'leader' && !!actor.groupId && actor.groupId === p.groupId;
  if (by === 'office-or-leader') return role === 'admin' || ownLeader;
  if (by.includes('unit') && role === 'unit' && actor.unitId === p.unitId) return true;
  return by.includes('leader') && ownLeader;
}

/** The actions this actor could take on the problem now (for the UI and for 409 answers). */
export function allowedActions(actor: Actor, p: Pick<Problem, 'unitId' | 'groupId'> & { state: ProblemState | null }): ProblemAction[] {
  return (Object.keys(EDGES) as ProblemAction[]).filter((a) => EDGES[a].from.includes(p.state) && performs(actor, a, p));
}

export const isRevisitAction = (a: ProblemAction): boolean => a === 'verify' || a === 'send_back';

function clean(s: string | undefined): string {
  return (s ?? '').trim();
}

function validate(edge: Edge, input: TransitionInput, today: string): Refusal | null {
  const note = clean(input.note);
  if (note.length > MAX_NOTE) return { code: 'invalid', field: 'note', message: `note: at most ${MAX_NOTE} characters` };
  if (edge.needsNote && !note) return { code: 'invalid', field: 'note', message: 'note: say what was done (required)' };
  const evidence = input.evidence ?? [];
  if (evidence.length > MAX_EVIDENCE) return { code: 'invalid', field: 'evidence', message: `evidence: at most ${MAX_EVIDENCE} items` };
  if (evidence.some((e) => e.length > MAX_EVIDENCE_ITEM)) return { code: 'invalid', field: 'evidence', message: `evidence: each item at most ${MAX_EVIDENCE_ITEM} characters` };
  if (edge.needsAssignment) {
    const a = input.assignment;
    if (!a) return { code: 'invalid', field: 'assignment', message: 'assignment: unit, person, measure and deadline are required' };
    for (const f of ['unitId', 'person', 'measure', 'deadline'] as const) {
      if (!clean(a[f])) return { code: 'invalid', field: f, message: `${f}: required` };
    }
    // The deadline is a calendar day in the county's zone; today itself is still allowed.
    if (a.deadline < today) return { code: 'invalid', field: 'deadline', message: `deadline: ${a.deadline} is already past (today is ${today})` };
  }
  return null;
}

function illegal(actor: Actor, p: Pick<Problem, 'unitId' | 'groupId' | 'state'>, action: ProblemAction): Refusal {
  const allowed = allowedActions(actor, p);
  const why = isRevisitAction(action)
    ? `${action} is the outcome of a signed-off re-visit (回访销号); no request can close or send back a problem`
    : `${action} is not possible while the problem is ${p.state}`;
  const then = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'nothing is allowed for you in this state';
  return { code: 'illegal', state: p.state, allowed, message: `${why}; ${then}` };
}

/**
 * Applies one action. Checks, in order: visibility (forbidden), re-visit-only actions (illegal),
 * the actor's role for this action (forbidden), the current state (illegal), the input (invalid).
 * `today` is the county's calendar day (TZ_DAY), for the deadline rule.
 */
export function transition(p: Problem, input: TransitionInput, actor: Actor, now: Date, today: string): TransitionResult {
  const edge = EDGES[input.action];
  if (!canSee(actor, p)) return { ok: false, refusal: { code: 'forbidden', message: 'this problem belongs to another unit' } };
  if (isRevisitAction(input.action) && actor.kind !== 'revisit') return { ok: false, refusal: illegal(actor, p, input.action) };
  if (!performs(actor, input.action, p)) {
    return { ok: false, refusal: { code: 'forbidden', message: `your role may not ${input.action} this problem` } };
  }
  if (!edge.from.includes(p.state)) return { ok: false, refusal: illegal(actor, p, input.action) };
  const bad = validate(edge, input, today);
  if (bad) return { ok: false, refusal: bad };

  const to = edge.to ?? p.state;
  const at = now.toISOString();
  const t: Transition = {
    action: input.action,
    from: p.state,
    to,
    at,
    by: actor.who,
    note: clean(input.note),
    evidence: (input.evidence ?? []).map((e) => e.trim()).filter(Boolean),
  };
  const next: Problem = { ...p, state: to, version: p.version + 1, history: [...p.history, t] };
  if (actor.kind === 'revisit') t.revisit = actor.revisit;
  if (edge.needsAssignment && input.assignment) {
    const a = { ...input.assignment, person: clean(input.assignment.person), measure: clean(input.assignment.measure) };
    t.assignment = a;
    Object.assign(next, a);
  }
  if (to === 'closed') next.closedAt = at;
  return { ok: true, problem: next };
}

/** What a new problem starts from: everything but its state and history. */
export type ProblemDraft = Omit<Problem, 'state' | 'version' | 'history' | 'closedAt'>;

/**
 * A problem as the sign-off creates it: `find` (by whoever recorded the finding, when they did)
 * then `assign` (by the leader, now). Refused like any transition (a past deadline → invalid).
 */
export function createAssigned(draft: ProblemDraft, foundBy: Who, foundAt: string, leader: Actor, note: string, now: Date, today: string): TransitionResult {
  const found: Problem = {
    ...draft,
    state: 'found',
    version: 1,
    history: [{ action: 'find', from: null, to: 'found', at: foundAt, by: foundBy, note: '', evidence: [] }],
  };
  const assignment: Assignment = { unitId: draft.unitId, unitName: draft.unitName, person: draft.person, measure: draft.measure, deadline: draft.deadline };
  return transition(found, { action: 'assign', note, assignment }, leader, now, today);
}

/**
 * Overdue (逾期): past the deadline (a day in TZ_DAY, inclusive) while the unit still owes the
 * rectification. Once reported it waits on the re-visit, not on the unit.
 */
export function isOverdue(p: Pick<Problem, 'state' | 'deadline'>, today: string): boolean {
  return (p.state === 'assigned' || p.state === 'rectifying') && p.deadline < today;
}
