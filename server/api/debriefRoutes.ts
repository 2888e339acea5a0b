/**
 * The evening debrief: its state, the leader's decision per finding, and the sign-off.
 * Leaders of the sheet's group decide and sign; the group, the command centre and the county
 * office read.
 */
import { Router } from 'express';
import { z } from 'zod';
import { isDay } from '../../shared/dates';
import { compileDebrief } from '../../shared/debrief/compile';
import type { Decision } from '../../shared/debrief/types';
import { MAX_NOTE } from '../../shared/problems/machine';
import { sheetAccess, type PublicUser } from '../../shared/roles';
import { parseSheetDocName, type SheetName } from '../../shared/sheet';
import { Refused } from '../debrief/errors';
import { signOff } from '../debrief/signoff';
import { ledger } from '../ledger';
import type { AppContext } from './context';
import { badRequest, forbidden, notFound, parse } from './errors';
import { currentUser, requireUser } from './requireUser';

const text = (max: number) => z.string().trim().min(1, 'required').max(max);

const DecisionBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('solved'), note: text(MAX_NOTE) }).strict(),
  z
    .object({
      kind: z.literal('assigned'),
      unitId: text(64),
      person: text(40),
      measure: text(MAX_NOTE),
      deadline: z.string().refine(isDay, 'must be a calendar date YYYY-MM-DD'),
      note: z.string().trim().max(MAX_NOTE).optional(),
    })
    .strict(),
]);

export function debriefRoutes(ctx: AppContext): Router {
  const r = Router();
  const L = () => ledger(ctx);

  async function sheetOf(raw: string, user: PublicUser, need: 'read' | 'decide'): Promise<SheetName & { docName: string }> {
    const name = parseSheetDocName(raw);
    if (!name) throw badRequest('not a sheet name: sheet:<groupId>:<YYYY-MM-DD>', 'docName');
    const access = sheetAccess(user, name.groupId);
    if (access === 'none') throw forbidden('not your group');
    if (need === 'decide' && !(user.role === 'leader' && user.groupId === name.groupId)) throw forbidden('only the group leader decides and signs the debrief');
    if (!(await ctx.sheets.exists(name.groupId, name.date))) throw notFound('no such sheet');
    return { ...name, docName: raw };
  }

  r.get('/:docName', requireUser(ctx.auth), async (req, res) => {
    const s = await sheetOf(String(req.params.docName), currentUser(res), 'read');
    res.json(await L().debriefs.state(s.docName, s.groupId, s.date));
  });

  r.put('/:docName/decisions/:findingId', requireUser(ctx.auth), async (req, res) => {
    const user = currentUser(res);
    const s = await sheetOf(String(req.params.docName), user, 'decide');
    const findingId = String(req.params.findingId);
    const body = parse(DecisionBody, req.body);
    const { debriefs, problems } = L();
    const prior = await debriefs.decision(s.docName, findingId);
    if (prior?.signedAt) throw new Refused(409, { error: 'decision_final', message: 'this finding was decided at sign-off; change the problem in the ledger instead' });
    const doc = await ctx.rooms.snapshot(s.docName);
    const found = compileDebrief(doc).findings.some((f) => f.id === findingId);
    doc.destroy();
    if (!found) throw notFound('no such finding on this sheet');
    if (body.kind === 'assigned') {
      const registry = await ctx.registry.load();
      if (!registry?.units.some((u) => u.id === body.unitId)) throw badRequest(`unitId: unknown unit ${body.unitId}`, 'unitId');
      const today = problems.today();
      if (body.deadline < today) throw badRequest(`deadline: ${body.deadline} is already past (today is ${today})`, 'deadline');
    }
    const d: Decision = { ...body, decidedBy: { id: user.id, name: user.name }, decidedAt: new Date().toISOString() };
    await debriefs.putDecision(s.docName, findingId, d);
    res.json(d);
  });

  r.delete('/:docName/decisions/:findingId', requireUser(ctx.auth), async (req, res) => {
    const s = await sheetOf(String(req.params.docName), currentUser(res), 'decide');
    const findingId = String(req.params.findingId);
    const prior = await L().debriefs.decision(s.docName, findingId);
    if (prior?.signedAt) throw new Refused(409, { error: 'decision_final', message: 'this finding was decided at sign-off' });
    await L().debriefs.deleteDecision(s.docName, findingId);
    res.status(204).end();
  });

  r.post('/:docName/signoff', requireUser(ctx.auth), async (req, res) => {
    const user = currentUser(res);
    const s = await sheetOf(String(req.params.docName), user, 'decide');
    res.json(await signOff(L().signOff, s.docName, user));
  });

  return r;
}
