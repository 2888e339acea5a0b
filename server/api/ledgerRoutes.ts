/** The debrief, problem ledger and summary APIs under /api, with their 409 bodies (allowed transitions, undecided findings). */
import { Router } from 'express';
import { refusedHandler } from '../debrief/errors';
import type { AppContext } from './context';
import { debriefRoutes } from './debriefRoutes';
import { problemRoutes } from './problemRoutes';
import { summaryRoutes } from './summaryRoutes';

export function ledgerRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/debriefs', debriefRoutes(ctx));
  r.use('/problems', problemRoutes(ctx));
  r.use('/summaries', summaryRoutes(ctx));
  r.use(refusedHandler);
  return r;
}
