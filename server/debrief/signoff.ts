/**
 * Signing the day off ("事不过夜"). Idempotent: problem ids come from (sheet, finding), each is
 * created by a Lua create-if-absent, the sign-off record by SET NX — so a retry, a double click
 * or two instances at once create each problem once. Order matters: everything is validated
 * before anything is written; the sheet is locked for inspectors only after the problems exist.
 */
import type * as Y from 'yjs';
import { compileDebrief, type DebriefFinding } from '../../shared/debrief/compile';
import { sheetPrint } from '../../shared/debrief/fingerprint';
import { undecided, type AssignedDecision, type RevisitOutcome, type SignOffRecord, type SignOffResult, type Signer } from '../../shared/debrief/types';
import { createAssigned, type Actor } from '../../shared/problems/machine';
import type { Registry } from '../../shared/registry';
import type { PublicUser } from '../../shared/roles';
import { parseSheetDocName } from '../../shared/sheet';
import type { Logger } from '../logger';
import { problemIdFor, type ProblemRepo } from '../problems/repo';
import type { ProblemService } from '../problems/service';
import type { RoomManager } from '../sync/rooms';
import type { DebriefRepo, StoredDecision } from './repo';
import { Refused } from './errors';
import { applyRevisit, type RevisitDeps } from './revisit';

export interface SignOffDeps extends RevisitDeps {
  debriefs: DebriefRepo;
  problems: ProblemService;
  problemRepo: ProblemRepo;
  rooms: RoomManager;
  registry: () => Promise<Registry | null>;
  /** Closes the sheet's sockets so clients reconnect with the access that now applies. */
  closeDoc: (docName: string, reason: string) => void;
  /** Tells the live feeds (group and county). */
  signed?: (docName: string, rec: SignOffRecord, created: string[]) => void;
  log: Logger;
}

function householdOf(f: DebriefFinding, registry: Registry): string | undefined {
  if (f.refKind === 'household') return f.refId;
  if (f.refKind === 'issue') return registry.issues.find((i) => i.id === f.refId)?.householdId;
  return undefined;
}

export async function signOff(deps: SignOffDeps, docName: string, leader: PublicUser): Promise<SignOffResult> {
  const name = parseSheetDocName(docName)!;
  const before = await deps.debriefs.signedOff(docName);
  const doc = await deps.rooms.snapshot(docName);
  const day = compileDebrief(doc);
  const meta = doc.getMap<unknown>('meta');
  const wasLocked = !!meta.get('signedOff');
  const groupNameInDoc = meta.get('groupName');
  doc.destroy();
  const decisions = await deps.debriefs.decisions(docName);
  const linked = await deps.debriefs.problems(docName);

  const missing = undecided(
    day.findings.map((f) => f.id),
    decisions,
  );
  if (missing.length > 0) {
    throw new Refused(409, { error: 'undecided', message: `${missing.length} finding(s) have no decision yet`, findings: missing });
  }

  const registry = await deps.registry();
  if (!registry) throw new Error('registry missing');
  const today = deps.problems.today();
  const now = deps.now();
  const signer: Signer = { id: leader.id, name: leader.name };
  const actor: Actor = { kind: 'user', who: { id: leader.id, name: leader.name, role: leader.role }, ...(leader.groupId ? { groupId: leader.groupId } : {}) };
  const groupName = String(groupNameInDoc ?? registry.groups.find((g) => g.id === name.groupId)?.name ?? name.groupId);

  // 1. Validate and build every problem to create before writing anything.
  const toCreate = [];
  for (const f of day.findings) {
    const d = decisions[f.id]!;
    if (d.kind !== 'assigned' || linked[f.id]) continue;
    const unit = registry.units.find((u) => u.id === d.unitId);
    if (!unit) throw new Refused(400, { error: 'invalid_request', message: `decision for ${f.id}: unknown unit ${d.unitId}`, field: `decisions.${f.id}.unitId` });
    const village = registry.villages.find((v) => v.id === f.villageId);
    const township = registry.townships.find((t) => t.id === f.townshipId);
    const householdId = householdOf(f, registry);
    const id = problemIdFor(docName, f.id);
    const r = createAssigned(
      {
        id,
        docName,
        groupId: name.groupId,
        groupName,
        date: name.date,
        targetId: f.targetId,
        targetLabel: f.targetLabel,
        findingId: f.id,
        kind: f.kind,
        category: f.category,
        severity: f.severity,
        description: f.description.trim() || f.targetLabel,
        townshipId: f.townshipId,
        townshipName: township?.name ?? '',
        villageId: f.villageId,
        villageName: village?.name ?? '',
        ...(householdId ? { householdId } : {}),
        createdAt: now.toISOString(),
        unitId: unit.id,
        unitName: unit.name,
        person: d.person,
        measure: d.measure,
        deadline: d.deadline,
      },
      { id: f.createdBy || 'unknown', name: f.createdByName || f.createdBy, role: 'inspector' },
      f.createdAt || now.toISOString(),
      actor,
      (d as AssignedDecision).note ?? '',
      now,
      today,
    );
    if (!r.ok) {
      const field = r.refusal.code === 'invalid' ? `decisions.${f.id}.${r.refusal.field}` : undefined;
      throw new Refused(r.refusal.code === 'forbidden' ? 403 : 400, { error: 'invalid_request', message: `decision for ${f.id}: ${r.refusal.message}`, ...(field ? { field } : {}) });
    }
    toCreate.push({ finding: f, problem: r.problem });
  }

  // 2. Create (each once, whoever races), link, then sign.
  const created: string[] = [];
  for (const { finding, problem } of toCreate) {
    if (await deps.problems.create(problem)) created.push(problem.id);
    await deps.debriefs.linkProblem(docName, finding.id, problem.id);
  }
  const { record, first } = await deps.debriefs.signOff({ docName, date: name.date, at: now.toISOString(), by: signer });
  await markSigned(deps.debriefs, docName, decisions, record.at);

  // 3. Lock the sheet for inspectors: meta first (clients see it), then drop their sockets.
  await deps.rooms.change(docName, (d: Y.Doc) => {
    const m = d.getMap<unknown>('meta');
    if (!m.get('signedOff')) m.set('signedOff', record);
  });
  // Also when a crash cut an earlier sign-off short before this point.
  if (first || !wasLocked) deps.closeDoc(docName, 'signed off');

  // 4. Re-visits on this sheet close or send back their problems.
  const revisits: RevisitOutcome[] = [];
  for (const r of day.revisits) revisits.push(await applyRevisit(deps, docName, name.date, r, signer));

  // 5. The baseline later edits are compared with; and a later sign-off is an amendment.
  // Only the first time: a later baseline would swallow leader edits the recorder has not flushed yet.
  if (first || !(await deps.debriefs.print(docName))) {
    const after = await deps.rooms.snapshot(docName);
    await deps.debriefs.setPrint(docName, sheetPrint(after));
    after.destroy();
  }
  if (before && created.length > 0) {
    await deps.debriefs.addAmendment(docName, {
      at: now.toISOString(),
      kind: 'late_decisions',
      by: [signer],
      targets: toCreate.filter((c) => created.includes(c.problem.id)).map((c) => ({ targetId: c.finding.targetId, label: c.finding.targetLabel, changes: ['补充交办'] })),
      problems: created,
    });
  }
  if (first || created.length > 0) deps.signed?.(docName, record, created);
  deps.log.info('debrief.signed_off', { doc: docName, by: leader.id, first, created: created.length, revisits: revisits.length });
  return { signedOff: record, created, problems: await deps.debriefs.problems(docName), revisits, first };
}

async function markSigned(repo: DebriefRepo, docName: string, decisions: Record<string, StoredDecision>, at: string): Promise<void> {
  for (const [id, d] of Object.entries(decisions)) if (!d.signedAt) await repo.putDecision(docName, id, { ...d, signedAt: at });
}
