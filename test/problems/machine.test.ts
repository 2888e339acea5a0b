/** The problem state machine as a pure function: invariants checked over random histories. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedActions, createAssigned, isOverdue, transition, type Actor } from '../../shared/problems/machine';
import { PROBLEM_ACTIONS, PROBLEM_STATES, type Problem } from '../../shared/problems/types';
import { ROLES } from '../../shared/roles';

const TODAY = '2026-05-22';
const NOW = new Date('2026-05-22T12:00:00Z');

function fresh(): Problem {
  const r = createAssigned(
    {
      id: 'p_0000000000000001',
      docName: 'sheet:g1:2026-05-22',
      groupId: 'g1',
      groupName: 'G1',
      date: TODAY,
      targetId: 't',
      targetLabel: 't',
      findingId: 'f',
      kind: 'screening',
      category: 'identification',
      severity: 'high',
      description: 'd',
      townshipId: 't1',
      townshipName: 'T',
      villageId: 'v1',
      villageName: 'V',
      createdAt: NOW.toISOString(),
      unitId: 'u1',
      unitName: 'U1',
      person: 'p',
      measure: 'm',
      deadline: '2026-05-30',
    },
    { id: 'i', name: 'i', role: 'inspector' },
    NOW.toISOString(),
    { kind: 'user', who: { id: 'l', name: 'l', role: 'leader' }, groupId: 'g1' },
    '',
    NOW,
    TODAY,
  );
  if (!r.ok) throw new Error(r.refusal.message);
  return r.problem;
}

const userActor = fc.record({ role: fc.constantFrom(...ROLES), unitId: fc.constantFrom('u1', 'u2', undefined), groupId: fc.constantFrom('g1', 'g2', undefined) }).map(
  ({ role, unitId, groupId }): Actor => ({ kind: 'user', who: { id: `${role}-x`, name: role, role }, ...(unitId ? { unitId } : {}), ...(groupId ? { groupId } : {}) }),
);
const revisitActor: fc.Arbitrary<Actor> = fc.constant({
  kind: 'revisit',
  who: { id: 'i2', name: 'i2', role: 'inspector' },
  revisit: { docName: 'sheet:g2:2026-05-23', targetId: 'rectification:p', date: '2026-05-23', signedOffBy: { id: 'l2', name: 'l2' } },
});
const step = (actor: fc.Arbitrary<Actor>) =>
  fc.record({
    actor,
    action: fc.constantFrom(...PROBLEM_ACTIONS),
    note: fc.constantFrom('', '已整改', undefined),
    deadline: fc.constantFrom('2026-05-20', '2026-05-22', '2026-06-01'),
  });

describe('the problem state machine', () => {
  it('[PL1] with user actors only, no history ever reaches closed', () => {
    fc.assert(
      fc.property(fc.array(step(userActor), { maxLength: 30 }), (steps) => {
        let p = fresh();
        for (const s of steps) {
          const r = transition(p, { action: s.action, note: s.note, assignment: { unitId: 'u1', unitName: 'U1', person: 'x', measure: 'y', deadline: s.deadline } }, s.actor, NOW, TODAY);
          if (r.ok) p = r.problem;
        }
        expect(p.state).not.toBe('closed');
        expect(p.history.some((t) => t.action === 'verify')).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('[PL1] closed implies the last transition was a re-visit verify; every change adds one attributed entry and bumps the version', () => {
    fc.assert(
      fc.property(fc.array(step(fc.oneof(userActor, revisitActor)), { maxLength: 30 }), (steps) => {
        let p = fresh();
        for (const s of steps) {
          const r = transition(p, { action: s.action, note: s.note, assignment: { unitId: 'u2', unitName: 'U2', person: 'x', measure: 'y', deadline: s.deadline } }, s.actor, NOW, TODAY);
          if (!r.ok) {
            if (r.refusal.code === 'illegal') expect(r.refusal.allowed).toEqual(allowedActions(s.actor, p));
            continue;
          }
          expect(r.problem.version).toBe(p.version + 1);
          expect(r.problem.history).toHaveLength(p.history.length + 1);
          expect(r.problem.history.at(-1)).toMatchObject({ action: s.action, from: p.state, to: r.problem.state, by: s.actor.who, at: NOW.toISOString() });
          p = r.problem;
          if (p.state === 'closed') {
            expect(p.history.at(-1)!.action).toBe('verify');
            expect(p.history.at(-1)!.revisit).toBeDefined();
            expect(p.history.some((t) => t.action === 'report')).toBe(true);
          }
        }
        expect(PROBLEM_STATES).toContain(p.state);
      }),
      { numRuns: 2000 },
    );
  });

  it('[PL4] a unit may not see another unit’s problem, and that comes before any state rule', () => {
    const r = transition(fresh(), { action: 'verify' }, { kind: 'user', who: { id: 'x', name: 'x', role: 'unit' }, unitId: 'u9' }, NOW, TODAY);
    expect(r).toEqual({ ok: false, refusal: { code: 'forbidden', message: 'this problem belongs to another unit' } });
  });

  it('[PL5] overdue only while the unit owes the rectification, from the day after the deadline', () => {
    expect(isOverdue({ state: 'assigned', deadline: '2026-05-21' }, TODAY)).toBe(true);
    expect(isOverdue({ state: 'rectifying', deadline: '2026-05-22' }, TODAY)).toBe(false);
    expect(isOverdue({ state: 'awaiting_revisit', deadline: '2026-05-01' }, TODAY)).toBe(false);
    expect(isOverdue({ state: 'closed', deadline: '2026-05-01' }, TODAY)).toBe(false);
  });
});
