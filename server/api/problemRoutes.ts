/**
 * The problem ledger over HTTP: the three lists with filters and .xlsx export, one problem with
 * the actions the caller may take, transitions, and (county office) scheduling a re-visit.
 * Units see and act on their own unit's problems only; everything else answers 403.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { FINDING_CATEGORIES, FINDING_CATEGORY_LABELS } from '../../shared/categories';
import { dayInZone, isDay } from '../../shared/dates';
import { LEDGER_LIST_LABELS, LEDGER_LISTS, ledgerOrder, matchesFilter, type ProblemFilter } from '../../shared/problems/lists';
import { allowedActions, canSee, MAX_EVIDENCE, MAX_EVIDENCE_ITEM, MAX_NOTE, type Actor } from '../../shared/problems/machine';
import { PROBLEM_ACTIONS, PROBLEM_STATE_LABELS, PROBLEM_STATES } from '../../shared/problems/types';
import type { PublicUser } from '../../shared/roles';
import { Refused } from '../debrief/errors';
import { ledger } from '../ledger';
import { scheduleRevisit } from '../problems/revisitTarget';
import { ledgerWorkbook } from '../problems/xlsx';
import type { AppContext } from './context';
import { badRequest, forbidden, notFound, parse } from './errors';
import { currentUser, requireUser } from './requireUser';

const ListQuery = z
  .object({
    list: z.enum(LEDGER_LISTS).optional(),
    township: z.string().max(64).optional(),
    unit: z.string().max(64).optional(),
    group: z.string().max(64).optional(),
    category: z.enum(FINDING_CATEGORIES).optional(),
    state: z.enum(PROBLEM_STATES).optional(),
    overdue: z.enum(['1', '0']).optional(),
  })
  .strict();

const TransitionBody = z
  .object({
    action: z.enum(PROBLEM_ACTIONS),
    note: z.string().max(MAX_NOTE).optional(),
    evidence: z.array(z.string().max(MAX_EVIDENCE_ITEM)).max(MAX_EVIDENCE).optional(),
    assignment: z
      .object({ unitId: z.string().min(1).max(64), person: z.string().max(40), measure: z.string().max(MAX_NOTE), deadline: z.string().refine(isDay, 'must be a calendar date YYYY-MM-DD') })
      .strict()
      .optional(),
  })
  .strict();

const RevisitBody = z.object({ groupId: z.string().min(1).max(64), date: z.string().refine(isDay, 'must be a calendar date YYYY-MM-DD') }).strict();

export function actorOf(user: PublicUser): Actor {
  return { kind: 'user', who: { id: user.id, name: user.name, role: user.role }, ...(user.unitId ? { unitId: user.unitId } : {}), ...(user.groupId ? { groupId: user.groupId } : {}) };
}

function filterOf(q: z.infer<typeof ListQuery>): ProblemFilter {
  return {
    ...(q.township ? { townshipId: q.township } : {}),
    ...(q.unit ? { unitId: q.unit } : {}),
    ...(q.group ? { groupId: q.group } : {}),
    ...(q.category ? { category: q.category } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.overdue ? { overdue: q.overdue === '1' } : {}),
  };
}

function attachment(res: Response, filename: string): void {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.setHeader('Cache-Control', 'no-store');
}

export function problemRoutes(ctx: AppContext): Router {
  const r = Router();
  const L = () => ledger(ctx);
  const auth = requireUser(ctx.auth);

  async function listFor(user: PublicUser, q: z.infer<typeof ListQuery>) {
    const f = filterOf(q);
    return (await L().problems.visible(actorOf(user))).filter((p) => matchesFilter(p, f)).sort(ledgerOrder);
  }

  r.get('/', auth, async (req, res) => {
    const problems = await listFor(currentUser(res), parse(ListQuery, req.query));
    res.json({ problems, today: L().problems.today() });
  });

  /** What the filters and the assignment form choose from. */
  r.get('/options', auth, async (_req, res) => {
    const reg = await ctx.registry.load();
    res.json({
      units: (reg?.units ?? []).map((u) => ({ id: u.id, name: u.name })),
      townships: (reg?.townships ?? []).map((t) => ({ id: t.id, name: t.name })),
      groups: (reg?.groups ?? []).map((g) => ({ id: g.id, name: g.name })),
      today: L().problems.today(),
    });
  });

  r.get('/export.xlsx', auth, async (req, res) => {
    const q = parse(ListQuery, req.query);
    const problems = await listFor(currentUser(res), q);
    const reg = await ctx.registry.load();
    const today = L().problems.today();
    const list = LEDGER_LIST_LABELS[q.list ?? 'problems'].zh;
    const named = [
      q.township && `乡镇:${reg?.townships.find((t) => t.id === q.township)?.name ?? q.township}`,
      q.unit && `责任单位:${reg?.units.find((u) => u.id === q.unit)?.name ?? q.unit}`,
      q.category && `类别:${FINDING_CATEGORY_LABELS[q.category].zh}`,
      q.state && `状态:${PROBLEM_STATE_LABELS[q.state].zh}`,
      q.overdue && (q.overdue === '1' ? '仅逾期' : '未逾期'),
    ].filter(Boolean);
    const buf = await ledgerWorkbook({
      title: `${reg?.county.name ?? ''}督查发现问题${list}`,
      problems,
      zone: ctx.config.dayZone,
      footer: `导出时间:${dayInZone(new Date(), ctx.config.dayZone)} · 共 ${problems.length} 条${named.length ? ` · 筛选:${named.join(',')}` : ''} · 随查`,
    });
    attachment(res, `${list}-${today}.xlsx`);
    res.send(buf);
  });

  r.get('/:id', auth, async (req, res) => {
    const user = currentUser(res);
    const p = await L().problemRepo.get(String(req.params.id));
    if (!p) throw notFound('no such problem');
    const actor = actorOf(user);
    if (!canSee(actor, p)) throw forbidden('this problem belongs to another unit');
    res.json({ problem: L().problems.view(p), allowed: allowedActions(actor, p) });
  });

  r.post('/:id/transitions', auth, async (req, res) => {
    const user = currentUser(res);
    const body = parse(TransitionBody, req.body);
    let assignment;
    if (body.assignment) {
      const unit = (await ctx.registry.load())?.units.find((u) => u.id === body.assignment!.unitId);
      if (!unit) throw badRequest(`unitId: unknown unit ${body.assignment.unitId}`, 'unitId');
      assignment = { ...body.assignment, unitName: unit.name };
    }
    const actor = actorOf(user);
    const result = await L().problems.act(String(req.params.id), { action: body.action, note: body.note, evidence: body.evidence, assignment }, actor);
    if (result.ok) {
      res.json({ problem: result.problem, allowed: allowedActions(actor, result.problem) });
      return;
    }
    if ('missing' in result) throw notFound('no such problem');
    const f = result.refusal;
    switch (f.code) {
      case 'forbidden':
        throw forbidden(f.message);
      case 'invalid':
        throw badRequest(f.message, f.field);
      case 'illegal':
        throw new Refused(409, { error: 'illegal_transition', message: f.message, state: f.state, allowed: f.allowed });
    }
  });

  /** The county office puts an awaiting problem on a group's sheet as a re-visit target. */
  r.post('/:id/revisit', requireUser(ctx.auth, ['admin']), async (req, res) => {
    const body = parse(RevisitBody, req.body);
    res.json(await scheduleRevisit(ctx, L().problemRepo, String(req.params.id), body.groupId, body.date));
  });

  return r;
}
