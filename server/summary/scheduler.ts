/**
 * The nightly summary: due at SUMMARY_CRON in TZ_DAY and built once, by one instance (see
 * ../dailyJob.ts). The clock is injected (`now`), so tests move time instead of waiting for
 * 21:30. A server that was down at 21:30 and back by 02:00 still sends the day's summary, and a
 * fresh install at 10:00 does not send yesterday's empty one.
 */
import { DailyCron, runOnce, type OnceOutcome } from '../dailyJob';
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

export type TickResult = 'not_due' | OnceOutcome;

export class NightlyScheduler {
  private readonly cron: DailyCron;

  constructor(private readonly deps: SchedulerDeps) {
    this.cron = new DailyCron({ cron: deps.cron, zone: deps.zone, now: () => deps.now(), catchUpMs: deps.catchUpMs ?? 12 * 3600_000, log: deps.log, failEvent: 'summary.run_failed' });
  }

  async tick(): Promise<TickResult> {
    const { redis, log } = this.deps;
    const date = this.cron.dueDay();
    if (!date) return 'not_due';
    return runOnce(redis, {
      key: K.summaryLock(date),
      lockMs: this.deps.lockMs ?? 5 * 60_000,
      holder: this.deps.instanceId,
      isDone: () => this.deps.isDone(date),
      run: async () => {
        log.info('summary.run', { date });
        await this.deps.run(date);
      },
    });
  }

  start(): void {
    this.cron.start(() => this.tick());
  }

  stop(): void {
    this.cron.stop();
  }
}
