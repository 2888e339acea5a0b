/**
 * A job that runs once a day across all instances (the nightly summary, the scheduled draw).
 *
 * Due: the latest scheduled time at or before now, if less than `catchUpMs` ago — so an instance
 * that was down at the scheduled time and is back soon after still runs the day's job, and a
 * fresh install does not run a long-gone day's. Once: every instance ticks, and a Redis lock
 * (SET NX PX) lets one run the day while the others skip.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { dayInZone } from '../shared/dates';
import type { Logger } from './logger';
import type { Redis } from './redis/connect';

/** The day whose run is due at `now`, or null. */
export function dueDay(cron: Cron, now: Date, zone: string, catchUpMs: number): string | null {
  const [last] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!last || now.getTime() - last.getTime() > catchUpMs) return null;
  return dayInZone(last, zone);
}

// Deletes the lock only if it is still ours.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export type OnceOutcome = 'done' | 'locked' | 'ran';

export interface OnceOptions {
  key: string;
  /** Longest a run may hold the lock (a crashed holder frees it after this). */
  lockMs: number;
  /** Written into the lock, to tell who holds it. */
  holder?: string;
  isDone: () => Promise<boolean>;
  run: () => Promise<void>;
}

/** Runs the job unless it is done or another instance holds the lock. */
export async function runOnce(redis: Redis, o: OnceOptions): Promise<OnceOutcome> {
  if (await o.isDone()) return 'done';
  const token = o.holder ? `${o.holder}:${randomUUID()}` : randomUUID();
  const got = await redis.set(o.key, token, { condition: 'NX', expiration: { type: 'PX', value: o.lockMs } });
  if (got === null) return 'locked';
  try {
    // Checked again under the lock: another instance may have finished just before we took it.
    if (await o.isDone()) return 'done';
    await o.run();
    return 'ran';
  } finally {
    await redis.eval(RELEASE, { keys: [o.key], arguments: [token] });
  }
}

export interface DailyCronOptions {
  cron: string;
  zone: string;
  now: () => Date;
  catchUpMs: number;
  log: Logger;
  /** The log event of a tick that threw. */
  failEvent: string;
}

/** When the day's job is due, and the timers that tick it. */
export class DailyCron {
  private readonly pattern: Cron;
  private jobs: Cron[] = [];

  constructor(private readonly o: DailyCronOptions) {
    // Throws on a malformed pattern: better at start-up than silently never.
    this.pattern = new Cron(o.cron, { timezone: o.zone, paused: true });
  }

  dueDay(): string | null {
    return dueDay(this.pattern, this.o.now(), this.o.zone, this.o.catchUpMs);
  }

  /** On time at the cron, and every five minutes to catch up after a failure or a restart. */
  start(tick: () => Promise<unknown>): void {
    const safeTick = async () => {
      try {
        await tick();
      } catch (err) {
        this.o.log.error(this.o.failEvent, { err });
      }
    };
    this.jobs = [
      new Cron(this.o.cron, { timezone: this.o.zone, protect: true }, safeTick),
      new Cron('*/5 * * * *', { timezone: this.o.zone, protect: true }, safeTick),
    ];
    void safeTick();
  }

  stop(): void {
    for (const j of this.jobs) j.stop();
    this.pattern.stop();
  }
}
