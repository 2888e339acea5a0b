/**
 * When the nightly summary is due, and the guarantee that one instance builds it once. The
 * clock is injected (`now`), so tests move time instead of waiting for 21:30.
 *
 * Due: the latest scheduled time (SUMMARY_CRON in TZ_DAY) at or before now, if it is less than
 * `catchUpMs` ago — so a server that was down at 21:30 and back by 02:00 still sends the
 * day's summary, and a fresh install at 10:00 does not send yesterday's empty one.
 */
import { Cron } from 'croner';
import { dayInZone } from '../../shared/dates';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import { ledgerKeys as K } from '../problems/keys';

export interface SchedulerDeps {
  redis: Redis;
  cron: string;
  zone: string;
  now: () => Date;
  log: Logger;
  instanceId: string;
  /** Whether the day's run completed (archived, deliveries queued). */
  isDone: (date: string) => Promise<boolean>;
  run: (date: string) => Promise<void>;
  catchUpMs?: number;
  /** Longest a run may hold the lock (a crashed holder frees it after this). */
  lockMs?: number;
}

export type TickResult = 'not_due' | 'done' | 'locked' | 'ran';

/** The day whose summary is due at `now`, or null. */
export function dueDay(cron: Cron, now: Date, zone: string, catchUpMs: number): string | null {
  const [last] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!last || now.getTime() - last.getTime() > catchUpMs) return null;
  return dayInZone(last, zone);
}

// Deletes the lock only if it is still ours.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class NightlyScheduler {
  private readonly pattern: Cron;
  private jobs: Cron[] = [];

  constructor(private readonly deps: SchedulerDeps) {
    this.pattern = new Cron(deps.cron, { timezone: deps.zone, paused: true });
  }

  async tick(): Promise<TickResult> {
    const { redis, log } = this.deps;
    const date = dueDay(this.pattern, this.deps.now(), this.deps.zone, this.deps.catchUpMs ?? 12 * 3600_000);
    if (!date) return 'not_due';
    if (await this.deps.isDone(date)) return 'done';
    const token = `${this.deps.instanceId}:${Math.random().toString(36).slice(2)}`;
    const got = await redis.set(K.summaryLock(date), token, { condition: 'NX', expiration: { type: 'PX', value: this.deps.lockMs ?? 5 * 60_000 } });
    if (got === null) return 'locked';
    try {
      if (await this.deps.isDone(date)) return 'done';
      log.info('summary.run', { date });
      await this.deps.run(date);
      return 'ran';
    } finally {
      await redis.eval(RELEASE, { keys: [K.summaryLock(date)], arguments: [token] });
    }
  }

  /** On time at the cron, and every five minutes to catch up after a failure or a restart. */
  start(): void {
    const safeTick = async () => {
      try {
        await this.tick();
      } catch (err) {
        this.deps.log.error('summary.run_failed', { err });
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
