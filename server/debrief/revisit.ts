/**
 * A re-visit's result (回访销号): a rectification target on a signed-off sheet whose refId is a
 * ledger problem. Its `verdict` answer `close` verifies and closes the problem; `return` sends
 * it back. The one path that closes a problem (docs/SPEC.md PL3). Idempotent per target: the
 * first outcome is recorded and a retried sign-off finds it.
 */
import type { RevisitResult } from '../../shared/debrief/compile';
import type { RevisitOutcome, Signer } from '../../shared/debrief/types';
import type { Role } from '../../shared/roles';
import type { ProblemRepo } from '../problems/repo';
import type { ProblemService } from '../problems/service';
import type { DebriefRepo } from './repo';

export interface RevisitDeps {
  debriefs: DebriefRepo;
  problems: ProblemService;
  problemRepo: ProblemRepo;
  /** Role of the inspector who did the re-visit (for the history). */
  roleOf: (userId: string) => Promise<Role | null>;
  now: () => Date;
}

export async function applyRevisit(deps: RevisitDeps, docName: string, date: string, r: RevisitResult, signer: Signer): Promise<RevisitOutcome> {
  const base = { targetId: r.targetId, problemId: r.problemId };
  const recorded = (await deps.debriefs.revisits(docName))[r.targetId];
  if (recorded && recorded.outcome !== 'skipped') return recorded;
  const skip = (reason: string): RevisitOutcome => ({ ...base, outcome: 'skipped', reason });

  const p = await deps.problemRepo.get(r.problemId);
  if (!p) return skip('not a problem in the ledger');
  if (!r.verdict) return skip('no verdict (销号/退回) was given');
  // A verdict without the check itself (checked, with place and time) verifies nothing.
  if (!r.checkedAt || !r.checkedBy) return skip('the target was not marked checked');
  const done = p.history.find((t) => t.revisit?.docName === docName && t.revisit.targetId === r.targetId);
  if (done) {
    const o: RevisitOutcome = { ...base, outcome: done.action === 'verify' ? 'verified' : 'sent_back' };
    await deps.debriefs.recordRevisit(docName, o);
    return o;
  }
  if (p.state !== 'awaiting_revisit') return skip(`the problem is ${p.state}, not awaiting a re-visit`);

  const action = r.verdict === 'close' ? 'verify' : 'send_back';
  const res = await deps.problems.act(
    p.id,
    { action, note: r.verdict === 'return' ? r.reason || '回访未通过' : r.reason },
    {
      kind: 'revisit',
      who: { id: r.checkedBy, name: r.checkedByName ?? r.checkedBy, role: (await deps.roleOf(r.checkedBy)) ?? 'inspector' },
      revisit: { docName, targetId: r.targetId, date, signedOffBy: signer },
    },
  );
  if (!res.ok) {
    // A concurrent sign-off of the same sheet may have applied this very re-visit first.
    const again = await deps.problemRepo.get(p.id);
    const mine = again?.history.find((t) => t.revisit?.docName === docName && t.revisit.targetId === r.targetId);
    if (!mine) return skip('refusal' in res ? res.refusal.message : 'the problem vanished');
    const o: RevisitOutcome = { ...base, outcome: mine.action === 'verify' ? 'verified' : 'sent_back' };
    await deps.debriefs.recordRevisit(docName, o);
    return o;
  }
  const o: RevisitOutcome = { ...base, outcome: action === 'verify' ? 'verified' : 'sent_back' };
  await deps.debriefs.recordRevisit(docName, o);
  return o;
}
