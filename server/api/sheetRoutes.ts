import { Router } from 'express';
import { z } from 'zod';
import type { SheetInfo } from '../../shared/api';
import { dayInZone, isDay } from '../../shared/dates';
import { sheetAccess } from '../../shared/roles';
import { ledger } from '../ledger';
import type { AppContext } from './context';
import { parse } from './errors';
import { currentUser, requireUser } from './requireUser';

const SheetsQuery = z
  .object({
    date: z
      .string()
      .refine(isDay, 'must be a calendar date YYYY-MM-DD')
      .optional(),
  })
  .strict();

export function sheetRoutes(ctx: AppContext): Router {
  const r = Router();

  /** The sheets of a day (default: today in TZ_DAY) that the caller may open. */
  r.get('/', requireUser(ctx.auth), async (req, res) => {
    const q = parse(SheetsQuery, req.query);
    const user = currentUser(res);
    const date = q.date ?? dayInZone(new Date(), ctx.config.dayZone);
    const out: SheetInfo[] = [];
    const sheets = await ctx.sheets.forDay(date);
    // After the debrief's sign-off only the leader still writes (later edits are amendments).
    const signed = await ledger(ctx).debriefs.signedOffMany(sheets.map((s) => s.docName));
    sheets.forEach((s, i) => {
      let access = sheetAccess(user, s.groupId);
      if (access === 'none') return;
      if (signed[i] && access === 'write' && user.role !== 'leader') access = 'read';
      out.push({ docName: s.docName, groupId: s.groupId, groupName: s.groupName, date: s.date, access, targets: s.targets, ...(signed[i] ? { signedOff: true } : {}) });
    });
    res.json(out);
  });

  return r;
}
