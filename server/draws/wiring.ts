/**
 * The draws composed once per server from its context: `draws(ctx)` hands the same repository
 * and service to the routes and the scheduler; `startDrawScheduler(ctx)` runs the scheduled
 * publish when DRAW_CRON is set. Problems awaiting re-visit and sign-offs come from the ledger.
 */
import { randomBytes } from 'node:crypto';
import { parseSheetDocName } from '../../shared/sheet';
import type { AppContext } from '../api/context';
import { ledger } from '../ledger';
import { DrawRepo } from './repo';
import { DrawScheduler, publishScheduled, type ScheduledOutcome } from './scheduler';
import { DrawService } from './service';
import { SnapshotCache } from './snapshot';

export interface Draws {
  repo: DrawRepo;
  service: DrawService;
  /** The scheduled job for one day (what DRAW_CRON runs), callable directly. */
  publishScheduled(date: string): Promise<ScheduledOutcome>;
}

const built = new WeakMap<AppContext, Draws>();

export function draws(ctx: AppContext): Draws {
  const have = built.get(ctx);
  if (have) return have;
  const repo = new DrawRepo(ctx.redis);
  const service = new DrawService({
    repo,
    redis: ctx.redis,
    registry: ctx.registry,
    sheets: ctx.sheets,
    rooms: ctx.rooms,
    log: ctx.log,
    snapshots: new SnapshotCache(ctx.registry),
    awaitingRevisit: () => ledger(ctx).problemRepo.awaitingRevisit(),
    signedOff: async (docName) => (await ledger(ctx).debriefs.signedOff(docName)) !== null,
    loadSheet: async (docName) => {
      const n = parseSheetDocName(docName);
      if (!n || !(await ctx.sheets.exists(n.groupId, n.date))) return null;
      return ctx.rooms.snapshot(docName);
    },
    zone: ctx.config.dayZone,
    now: () => new Date(),
    newSeed: () => randomBytes(32).toString('hex'),
  });
  const d: Draws = { repo, service, publishScheduled: (date) => publishScheduled({ redis: ctx.redis, repo, service, log: ctx.log }, date) };
  built.set(ctx, d);
  return d;
}

/** Starts the scheduled publish if DRAW_CRON is set; `stop()` is always safe to call. */
export function startDrawScheduler(ctx: AppContext): { stop(): void } {
  const cron = ctx.config.drawCron;
  if (!cron) return { stop() {} };
  const d = draws(ctx);
  const scheduler = new DrawScheduler({ redis: ctx.redis, repo: d.repo, service: d.service, log: ctx.log, cron, zone: ctx.config.dayZone, now: () => new Date() });
  scheduler.start();
  ctx.log.info('draws.scheduler_started', { cron, zone: ctx.config.dayZone });
  return { stop: () => scheduler.stop() };
}
