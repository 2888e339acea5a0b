/**
 * The optional scheduled publish (DRAW_CRON, e.g. `30 6 * * *` in TZ_DAY; off when unset), run
 * once a day across instances (see ../dailyJob.ts): a day that has a draw is skipped. The clock
 * is injected so tests move time. An instance that was down at 06:30 and back by 09:00 still
 * publishes the morning's lists.
 */
import { SCHEDULER_PUBLISHER } from '../../shared/drawApi';
import { HttpError } from '../api/errors';
import { DailyCron, runOnce } from '../dailyJob';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import { drawKeys as K } from './keys';
import type { DrawRepo } from './repo';
import type { DrawService } from './service';

export type ScheduledOutcome = 'exists' | 'locked' | 'published';

export interface ScheduledDeps {
  redis: Redis;
  repo: DrawRepo;
  service: DrawService;
  log: Logger;
  /** Longest a publish may hold the lock (a crashed holder frees it after this). */
  lockMs?: number;
}

/** The job itself: publishes `date` unless it has a draw or another instance is publishing it. */
export async function publishScheduled(deps: ScheduledDeps, date: string): Promise<ScheduledOutcome> {
  try {
    const outcome = await runOnce(deps.redis, {
      key: K.cronLock(date),
      lockMs: deps.lockMs ?? 5 * 60_000,
      isDone: async () => (await deps.repo.count(date)) > 0,
      run: async () => {
        await deps.service.publish(date, {}, SCHEDULER_PUBLISHER);
        deps.log.info('draws.scheduled_published', { date });
      },
    });
    return outcome === 'done' ? 'exists' : outcome === 'ran' ? 'published' : 'locked';
  } catch (err) {
    // An admin published by hand in the same moment: the day has its draw, which is the goal.
    if (err instanceof HttpError && err.code === 'draw_conflict') return 'exists';
    throw err;
  }
}

export interface DrawSchedulerDeps extends ScheduledDeps {
  cron: string;
  zone: string;
  now(): Date;
  catchUpMs?: number;
}

export class DrawScheduler {
  private readonly cron: DailyCron;

  constructor(private readonly deps: DrawSchedulerDeps) {
    this.cron = new DailyCron({ cron: deps.cron, zone: deps.zone, now: () => deps.now(), catchUpMs: deps.catchUpMs ?? 3 * 3600_000, log: deps.log, failEvent: 'draws.scheduled_failed' });
  }

  async tick(): Promise<ScheduledOutcome | 'not_due'> {
    const date = this.cron.dueDay();
    return date ? publishScheduled(this.deps, date) : 'not_due';
  }

  start(): void {
    this.cron.start(() => this.tick());
  }

  stop(): void {
    this.cron.stop();
  }
}
