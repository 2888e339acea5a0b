import { Router } from 'express';
import { z } from 'zod';
import type { SheetInfo } from '../../shared/api';
import { dayInZone, isDay } from '../../shared/dates';
import { sheetAccess } from '../../shared/roles';
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
    for (const s of await ctx.sheets.forDay(date)) {
      const access = sheetAccess(user, s.groupId);
      if (access === 'none') continue;
      out.push({ docName: s.docName, groupId: s.groupId, groupName: s.groupName, date: s.date, access, targets: s.targets });
    }
    res.json(out);
  });

  return r;
}
