/**
 * Settings of the nightly summary, read once at start-up from the environment:
 *   SUMMARY_CRON        when to build it, in TZ_DAY (default 21:30 every day)
 *   SUMMARY_WEBHOOKS    JSON [{id, kind: 'json'|'wecom'|'dingtalk', url, secret?}]
 *   SUMMARY_WEBHOOK_TIMEOUT_MS, SUMMARY_RETRY_BASE_MS, SUMMARY_RETRY_MAX_MS, SUMMARY_MAX_ATTEMPTS
 * A malformed value stops the start with a message naming the variable (a summary that
 * silently never arrives is worse than a server that refuses to start).
 */
import { Cron } from 'croner';
import { z } from 'zod';

export const WebhookSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'id: letters, digits, _ or -, at most 40'),
    kind: z.enum(['json', 'wecom', 'dingtalk']),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(1).optional(),
  })
  .strict();
export type Webhook = z.infer<typeof WebhookSchema>;

export interface SummarySettings {
  cron: string;
  webhooks: Webhook[];
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

export function loadSummarySettings(env: NodeJS.ProcessEnv): SummarySettings {
  const cron = env.SUMMARY_CRON || '30 21 * * *';
  try {
    new Cron(cron, { paused: true }).stop();
  } catch (err) {
    throw new Error(`SUMMARY_CRON is not a cron expression: "${cron}" (${(err as Error).message})`, { cause: err });
  }
  let webhooks: Webhook[] = [];
  if (env.SUMMARY_WEBHOOKS) {
    let raw: unknown;
    try {
      raw = JSON.parse(env.SUMMARY_WEBHOOKS);
    } catch (err) {
      throw new Error('SUMMARY_WEBHOOKS is not valid JSON', { cause: err });
    }
    const r = z.array(WebhookSchema).safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0]!;
      throw new Error(`SUMMARY_WEBHOOKS[${i.path.join('.')}]: ${i.message}`);
    }
    webhooks = r.data;
    const ids = new Set<string>();
    for (const w of webhooks) {
      if (ids.has(w.id)) throw new Error(`SUMMARY_WEBHOOKS: id "${w.id}" appears twice (ids key the once-per-day delivery)`);
      ids.add(w.id);
    }
  }
  return {
    cron,
    webhooks,
    timeoutMs: int(env, 'SUMMARY_WEBHOOK_TIMEOUT_MS', 10_000),
    retryBaseMs: int(env, 'SUMMARY_RETRY_BASE_MS', 5_000),
    retryMaxMs: int(env, 'SUMMARY_RETRY_MAX_MS', 10 * 60_000),
    maxAttempts: int(env, 'SUMMARY_MAX_ATTEMPTS', 30),
  };
}
