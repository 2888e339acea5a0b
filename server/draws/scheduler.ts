/**
 * The optional scheduled publish (DRAW_CRON, e.g. `30 6 * * *` in TZ_DAY; off when unset).
 * Idempotent per day: a day that has a draw is skipped, and a Redis lock (SET NX PX) lets one
 * instance publish while the others skip. The clock is injected so tests move time.
 *
 * Due: the latest scheduled time at or before now, if less than `catchUpMs` ago — so an instance
 * that was down at 06:30 and back by 09:00 still publishes the morning's lists.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { SCHEDULER_PUBLISHER } from '../../shared/drawApi';
import { HttpError } from '../api/errors';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import { dueDay } from '../summary/scheduler';
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

// Deletes the lock only if it is still ours.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** The job itself: publishes `date` unless it has a draw or another instance is publishing it. */
export async function publishScheduled(deps: ScheduledDeps, date: string): Promise<ScheduledOutcome> {
  if ((await deps.repo.count(date)) > 0) return 'exists';
  const token = randomUUID();
  const got = await deps.redis.set(K.cronLock(date), token, { condition: 'NX', expiration: { type: 'PX', value: deps.lockMs ?? 5 * 60_000 } });
  if (got === null) return 'locked';
  try {
    // Checked again under the lock: another instance may have finished just before we took it.
    if ((await deps.repo.count(date)) > 0) return 'exists';
    await deps.service.publish(date, {}, SCHEDULER_PUBLISHER);
    deps.log.info('draws.scheduled_published', { date });
    return 'published';
  } catch (err) {
    // An admin published by hand in the same moment: the day has its draw, which is the goal.
    if (err instanceof HttpError && err.code === 'draw_conflict') return 'exists';
    throw err;
  } finally {
    await deps.redis.eval(RELEASE, { keys: [K.cronLock(date)], arguments: [token] });
  }
}

export interface DrawSchedulerDeps extends ScheduledDeps {
  cron: string;
  zone: string;
  now(): Date;
  catchUpMs?: number;
}

export class DrawScheduler {
  private readonly pattern: Cron;
  private jobs: Cron[] = [];

  constructor(private readonly deps: DrawSchedulerDeps) {
    // Throws on a malformed DRAW_CRON: better at start-up than silently never at 06:30.
    this.pattern = new Cron(deps.cron, { timezone: deps.zone, paused: true });
  }

  async tick(): Promise<ScheduledOutcome | 'not_due'> {
    const date = dueDay(this.pattern, this.deps.now(), this.deps.zone, this.deps.catchUpMs ?? 3 * 3600_000);
    return date ? publishScheduled(this.deps, date) : 'not_due';
  }

  /** On time at the cron, and every five minutes to catch up after a failure or a restart. */
  start(): void {
    const safeTick = async () => {
      try {
        await this.tick();
      } catch (err) {
        this.deps.log.error('draws.scheduled_failed', { err });
      }
    };
    this.jobs = [
      new Cron(this.deps.cron, { timezone: this.deps.zone, protect: true }, safeTick),
      new Cron('*/5 * * * *', { timezone: this.deps.zone, protect: true }, safeTick),
    ];
    void safeTick();
  }

  stop(): void {
    for (const j of this.jobs) j.stop();
    this.pattern.stop();
  }
}
