/**
 * The webhook outbox in Redis. A job per (day, webhook) is created once (its id is the
 * idempotency key); workers on any instance claim due jobs by bumping their score past a lease,
 * post with a timeout, and complete or reschedule them with a fencing token — so a worker whose
 * lease ran out cannot mark a job another worker has taken. Nothing here runs on a request path:
 * a webhook that answers 500 or hangs costs a background timer, never a request.
 */
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import { ledgerKeys as K } from '../problems/keys';
import type { SummarySettings, Webhook } from './settings';
import { attempt, idempotencyKey } from './webhooks';

export type JobState = 'pending' | 'delivered' | 'failed';

export interface DeliveryJob {
  id: string;
  date: string;
  webhookId: string;
  kind: Webhook['kind'];
  state: JobState;
  attempts: number;
  createdAt: string;
  deliveredAt?: string;
  lastError?: string;
  nextAt?: string;
}

// KEYS: 1 job, 2 due, 3 jobs of the day. ARGV: 1 id, 2 body, 3 webhookId, 4 kind, 5 date, 6 createdAt, 7 now(ms)
const ENQUEUE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'body', ARGV[2], 'webhookId', ARGV[3], 'kind', ARGV[4], 'date', ARGV[5], 'createdAt', ARGV[6], 'state', 'pending', 'attempts', 0, 'claims', 0)
redis.call('ZADD', KEYS[2], ARGV[7], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
`;

// KEYS: 1 due. ARGV: 1 now, 2 lease ms, 3 max → ids now leased to the caller
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id) end
return ids
`;

// KEYS: 1 job, 2 due. ARGV: 1 id, 2 token, 3 outcome ('ok'|'retry'|'fail'), 4 at (ISO), 5 next (ms), 6 error, 7 next ISO
const SETTLE = `
if redis.call('HGET', KEYS[1], 'claims') ~= ARGV[2] then return 0 end
if redis.call('HGET', KEYS[1], 'state') ~= 'pending' then redis.call('ZREM', KEYS[2], ARGV[1]) return 0 end
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if ARGV[3] == 'ok' then
  redis.call('HSET', KEYS[1], 'state', 'delivered', 'deliveredAt', ARGV[4])
  redis.call('ZREM', KEYS[2], ARGV[1])
elseif ARGV[3] == 'fail' then
  redis.call('HSET', KEYS[1], 'state', 'failed', 'lastError', ARGV[6])
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[1], 'lastError', ARGV[6], 'nextAt', ARGV[7])
  redis.call('ZADD', KEYS[2], tonumber(ARGV[5]), ARGV[1])
end
return 1
`;

export const jobId = (date: string, webhookId: string): string => `${date}:${webhookId}`;

/** Exponential, capped, with ±20 % jitter so instances retrying one receiver spread out. */
export function backoffMs(attempts: number, base: number, max: number, rnd = Math.random()): number {
  const exp = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + 0.4 * rnd));
}

export interface OutboxDeps {
  redis: Redis;
  settings: SummarySettings;
  log: Logger;
  now?: () => number;
  /** Poll interval of the worker. */
  pollMs?: number;
}

export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Queues one delivery; false when the (day, webhook) job already exists. */
  async enqueue(date: string, w: Webhook, body: unknown): Promise<boolean> {
    const id = jobId(date, w.id);
    const r = await this.deps.redis.eval(ENQUEUE, {
      keys: [K.job(id), K.due, K.jobsOfDay(date)],
      arguments: [id, JSON.stringify(body), w.id, w.kind, date, new Date(this.now()).toISOString(), String(this.now())],
    });
    return Number(r) === 1;
  }

  async jobs(date: string): Promise<DeliveryJob[]> {
    const ids = (await this.deps.redis.sMembers(K.jobsOfDay(date))).sort();
    const out: DeliveryJob[] = [];
    for (const id of ids) {
      const h = await this.deps.redis.hGetAll(K.job(id));
      if (!h.id) continue;
      out.push({
        id: h.id,
        date: h.date!,
        webhookId: h.webhookId!,
        kind: h.kind as Webhook['kind'],
        state: h.state as JobState,
        attempts: Number(h.attempts ?? 0),
        createdAt: h.createdAt!,
        ...(h.deliveredAt ? { deliveredAt: h.deliveredAt } : {}),
        ...(h.lastError ? { lastError: h.lastError } : {}),
        ...(h.nextAt ? { nextAt: h.nextAt } : {}),
      });
    }
    return out;
  }

  start(): void {
    const loop = async () => {
      this.timer = null;
      this.running = this.drain().catch((err: unknown) => this.deps.log.warn('summary.outbox_poll_failed', { err }));
      await this.running;
      this.running = null;
      if (!this.stopping.signal.aborted) this.timer = setTimeout(() => void loop(), this.deps.pollMs ?? 1000);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Claims what is due and delivers it, all in parallel; returns when this round is done. */
  async drain(): Promise<void> {
    const { settings } = this.deps;
    // The lease outlives any attempt (its timeout) by a margin, so a live worker keeps its job;
    // after a crash the job is due again once the lease runs out.
    const lease = settings.timeoutMs + 5_000;
    const ids = (await this.deps.redis.eval(CLAIM, { keys: [K.due], arguments: [String(this.now()), String(lease), '16'] })) as string[];
    await Promise.all(ids.map((id) => this.deliver(id)));
  }

  private async deliver(id: string): Promise<void> {
    const { redis, settings, log } = this.deps;
    const key = K.job(id);
    const token = String(await redis.hIncrBy(key, 'claims', 1));
    const h = await redis.hGetAll(key);
    if (h.state !== 'pending' || !h.body) {
      await redis.zRem(K.due, id);
      return;
    }
    const settle = (outcome: 'ok' | 'retry' | 'fail', error = '', next = 0) =>
      redis.eval(SETTLE, { keys: [key, K.due], arguments: [id, token, outcome, new Date(this.now()).toISOString(), String(next), error, next ? new Date(next).toISOString() : ''] });
    const w = settings.webhooks.find((x) => x.id === h.webhookId);
    if (!w) {
      log.warn('summary.webhook_gone', { job: id });
      await settle('fail', 'webhook no longer configured');
      return;
    }
    const r = await attempt(w, h.body, idempotencyKey(h.date!, w.id), settings.timeoutMs, this.stopping.signal, this.now());
    const attempts = Number(h.attempts ?? 0) + 1;
    if (r.ok) {
      await settle('ok');
      log.info('summary.delivered', { job: id, webhook: w.id, attempts });
    } else if (this.stopping.signal.aborted) {
      // Shutting down mid-attempt: hand the job back at once rather than leave it leased.
      await settle('retry', 'interrupted by shutdown', this.now());
      log.info('summary.delivery_interrupted', { job: id });
    } else if (attempts >= settings.maxAttempts) {
      await settle('fail', r.error);
      log.error('summary.delivery_failed', { job: id, webhook: w.id, attempts, error: r.error });
    } else {
      const next = this.now() + backoffMs(attempts, settings.retryBaseMs, settings.retryMaxMs);
      await settle('retry', r.error, next);
      log.warn('summary.delivery_retry', { job: id, webhook: w.id, attempts, error: r.error, nextInMs: next - this.now() });
    }
  }
}

