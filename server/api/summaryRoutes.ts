/**
 * Nightly summaries in the app: the archive (newest first), one day with its deliveries, its
 * .xlsx, and a live preview of a day not yet archived. For the command centre, the county
 * office and group leaders.
 */
import { Router } from 'express';
import { z } from 'zod';
import { dayInZone, isDay } from '../../shared/dates';
import { summaryTitle } from '../../shared/summary/markdown';
import { ledger } from '../ledger';
import type { AppContext } from './context';
import { badRequest, notFound, parse } from './errors';
import { requireUser } from './requireUser';

const READERS = ['command', 'admin', 'leader'] as const;
const PreviewQuery = z.object({ date: z.string().refine(isDay, 'must be a calendar date YYYY-MM-DD').optional() }).strict();

export function summaryRoutes(ctx: AppContext): Router {
  const r = Router();
  const L = () => ledger(ctx);
  const auth = requireUser(ctx.auth, READERS);

  r.get('/', auth, async (_req, res) => {
    const { archive } = L();
    const days = await archive.days();
    const items = [];
    for (const date of days) {
      const a = await archive.get(date);
      if (a) items.push({ date, title: summaryTitle(a.summary), generatedAt: a.summary.generatedAt, totals: a.summary.totals });
    }
    res.json({ summaries: items, webhooks: ctx.config.summary.webhooks.map((w) => ({ id: w.id, kind: w.kind })), cron: ctx.config.summary.cron, zone: ctx.config.dayZone });
  });

  /** Today's (or a given day's) figures as they stand now; nothing is archived or sent. */
  r.get('/preview', auth, async (req, res) => {
    const q = parse(PreviewQuery, req.query);
    res.json({ summary: await L().summaries.build(q.date ?? dayInZone(new Date(), ctx.config.dayZone)) });
  });

  r.get('/:file', auth, async (req, res) => {
    const file = String(req.params.file);
    const xlsx = file.endsWith('.xlsx');
    const date = xlsx ? file.slice(0, -5) : file;
    if (!isDay(date)) throw badRequest('not a calendar date YYYY-MM-DD', 'date');
    const { archive, outbox } = L();
    if (xlsx) {
      const buf = await archive.xlsx(date);
      if (!buf) throw notFound('no summary archived for this day');
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="summary-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(`督查日报-${date}.xlsx`)}`);
      res.send(buf);
      return;
    }
    const a = await archive.get(date);
    if (!a) throw notFound('no summary archived for this day');
    res.json({ summary: a.summary, deliveries: await outbox.jobs(date) });
  });

  return r;
}
