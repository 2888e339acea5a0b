/**
 * Puts a problem awaiting its re-visit on a group's sheet as a `rectification` target (refKind
 * 'issue', refId = problem id — the shape the draw's `problemTarget` produces). The draw feeds
 * its pool from `ProblemRepo.awaitingRevisit()`; this is the county office's explicit way to
 * send a group now, recorded on the target's `reason`.
 */
import { dayInZone } from '../../shared/dates';
import { addTargets, sheetDocName, targetId, type TargetInit } from '../../shared/sheet';
import type { AppContext } from '../api/context';
import { badRequest, notFound } from '../api/errors';
import { Refused } from '../debrief/errors';
import { ensureDaySheets } from '../sheets/daily';
import type { ProblemRepo } from './repo';

const LABEL_MAX = 30;

export async function scheduleRevisit(ctx: AppContext, repo: ProblemRepo, problemId: string, groupId: string, date: string): Promise<{ docName: string; targetId: string; added: boolean }> {
  const p = await repo.get(problemId);
  if (!p) throw notFound('no such problem');
  if (p.state !== 'awaiting_revisit') throw new Refused(409, { error: 'not_awaiting_revisit', message: `the problem is ${p.state}; only a problem reported rectified is re-visited`, state: p.state });
  const today = dayInZone(new Date(), ctx.config.dayZone);
  if (date < today) throw badRequest(`date: ${date} is already past (today is ${today})`, 'date');
  const registry = await ctx.registry.load();
  if (!registry?.groups.some((g) => g.id === groupId)) throw badRequest(`groupId: unknown group ${groupId}`, 'groupId');
  if (!(await ctx.sheets.exists(groupId, date))) await ensureDaySheets({ redis: ctx.redis, registry: ctx.registry, sheets: ctx.sheets, rooms: ctx.rooms, log: ctx.log }, date);
  const rec = (await ctx.sheets.forDay(date)).find((s) => s.groupId === groupId);
  if (!rec) throw new Refused(503, { error: 'unavailable', message: 'the sheet is being created; retry in a moment' });

  const village = registry.villages.find((v) => v.id === p.villageId);
  const household = p.householdId ? registry.households.find((h) => h.id === p.householdId) : undefined;
  const chars = Array.from(p.description);
  const target: TargetInit = {
    id: targetId('rectification', p.id),
    kind: 'rectification',
    refKind: 'issue',
    refId: p.id,
    label: chars.length <= LABEL_MAX ? p.description : `${chars.slice(0, LABEL_MAX - 1).join('')}…`,
    place: [p.townshipName, p.villageName].filter(Boolean).join(' · '),
    townshipId: p.townshipId,
    villageId: p.villageId,
    ...((household?.location ?? village?.location) ? { registered: household?.location ?? village!.location } : {}),
    reason: `问题已报整改,待回访销号(县扶贫办安排,${p.unitName})`,
  };
  const docName = sheetDocName(groupId, date);
  let added = 0;
  await ctx.rooms.change(docName, (doc) => {
    added = addTargets(doc, [target]);
  });
  if (added) await ctx.sheets.put({ ...rec, targets: rec.targets + added });
  ctx.log.info('problem.revisit_scheduled', { problem: p.id, doc: docName, added });
  return { docName, targetId: target.id, added: added > 0 };
}
