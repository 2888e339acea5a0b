/**
 * What each kind of webhook receives, and one delivery attempt. The body is fixed when the job
 * is queued (every retry sends the same bytes); DingTalk's signature is made per attempt, since
 * DingTalk refuses a timestamp more than an hour old.
 */
import { createHmac } from 'node:crypto';
import type { DailySummary } from '../../shared/summary/compile';
import { fitBytes, summaryMarkdown, summaryTitle } from '../../shared/summary/markdown';
import type { Webhook } from './settings';

/** 企业微信 markdown content is limited to 4096 bytes; 钉钉 accepts far more. */
const WECOM_MAX_BYTES = 4096;
const DINGTALK_MAX_BYTES = 18_000;

export const idempotencyKey = (date: string, webhookId: string): string => `suicha-summary:${date}:${webhookId}`;

export function webhookBody(w: Pick<Webhook, 'id' | 'kind'>, s: DailySummary, xlsxPath: string): unknown {
  const md = summaryMarkdown(s);
  switch (w.kind) {
    case 'json':
      return { type: 'suicha.daily_summary', idempotencyKey: idempotencyKey(s.date, w.id), date: s.date, title: summaryTitle(s), markdown: md, xlsx: xlsxPath, summary: s };
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: fitBytes(md, WECOM_MAX_BYTES) } };
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: summaryTitle(s), text: fitBytes(md, DINGTALK_MAX_BYTES) } };
  }
}

/** DingTalk 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

export function deliveryUrl(w: Webhook, now: number): string {
  if (w.kind !== 'dingtalk' || !w.secret) return w.url;
  return `${w.url}${w.url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${dingtalkSign(w.secret, now)}`;
}

export type AttemptResult = { ok: true; status: number } | { ok: false; error: string };

/**
 * One POST with its own timeout. Success: a 2xx, and for WeCom and DingTalk also `errcode: 0`
 * in the answer (both answer 200 with an error code when they refuse a message).
 */
export async function attempt(w: Webhook, body: string, key: string, timeoutMs: number, stop: AbortSignal, now: number): Promise<AttemptResult> {
  const signal = AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]);
  let res: Response;
  try {
    res = await fetch(deliveryUrl(w, now), { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body, signal, redirect: 'error' });
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `${e.name}: ${e.message}` };
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    return { ok: false, error: `reading the answer failed: ${(err as Error).message}` };
  }
  if (res.status < 200 || res.status > 299) return { ok: false, error: `HTTP ${res.status} ${text.slice(0, 200)}` };
  if (w.kind !== 'json') {
    let errcode: unknown;
    try {
      errcode = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
    } catch {
      errcode = 'unreadable answer';
    }
    if (errcode !== 0) return { ok: false, error: `errcode ${String(errcode)}: ${text.slice(0, 200)}` };
  }
  return { ok: true, status: res.status };
}
