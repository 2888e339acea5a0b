/**
 * Webhook delivery through the Redis outbox: a receiver that fails, answers an error code and
 * hangs still gets the day's summary exactly once per webhook — across a server restart too —
 * and the server keeps answering while a webhook hangs.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server';
import { ledger } from '../../server/ledger';
import type { SummarySettings } from '../../server/summary/settings';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer } from '../helpers/server';
import { until } from '../helpers/yclient';

const SECRET = 'SEC-test-secret';
const DAY = '2026-05-22';

interface Post {
  path: string;
  key: string | undefined;
  body: Record<string, unknown>;
  /** The HTTP status, 'refused' for a 200 with a non-zero errcode, or 'hung'. */
  answered: number | 'hung' | 'refused';
}

let redis: TestRedis;
let receiver: http.Server;
let base = '';
const posts: Post[] = [];
const hung: http.ServerResponse[] = [];
let jsonCalls = 0;
let dingCalls = 0;

// Only DAY's posts: the server's own scheduler could send another day if its catch-up window is open.
const ofDay = (p: Post) => p.key === undefined || p.key.includes(DAY);

/** /json: 500, 500, 500, then hangs once, then 200. /wecom: 200 errcode 0. /ding: errcode once, then checks the signature. */
function receive(req: http.IncomingMessage, res: http.ServerResponse): void {
  let raw = '';
  req.on('data', (d: Buffer) => (raw += d.toString()));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x');
    const post: Post = { path: url.pathname, key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(raw) as Record<string, unknown>, answered: 200 };
    posts.push(post);
    const answer = (status: number, body: unknown) => {
      const errcode = (body as { errcode?: number }).errcode;
      post.answered = errcode ? 'refused' : status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!ofDay(post)) return answer(200, { errcode: 0 }); // another day's summary: not what this test watches
    if (url.pathname === '/json') {
      jsonCalls++;
      if (jsonCalls <= 3) return answer(500, { error: 'boom' });
      if (jsonCalls === 4) {
        post.answered = 'hung';
        hung.push(res);
        return;
      }
      return answer(200, { ok: true });
    }
    if (url.pathname === '/wecom') return answer(200, { errcode: 0, errmsg: 'ok' });
    if (url.pathname === '/ding') {
      dingCalls++;
      if (dingCalls === 1) return answer(200, { errcode: 130101, errmsg: 'send too fast' });
      const ts = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', SECRET).update(`${ts}\n${SECRET}`).digest('base64');
      const fresh = Math.abs(Date.now() - Number(ts)) < 3600_000;
      const ok = url.searchParams.get('access_token') === 'tok' && url.searchParams.get('sign') === expected && fresh;
      return answer(200, ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' });
    }
    answer(404, {});
  });
}

function settings(): SummarySettings {
  return {
    cron: '0 0 1 1 *',
    webhooks: [
      { id: 'command', kind: 'json', url: `${base}/json` },
      { id: 'wecom', kind: 'wecom', url: `${base}/wecom` },
      { id: 'ding', kind: 'dingtalk', url: `${base}/ding?access_token=tok`, secret: SECRET },
    ],
    timeoutMs: 400,
    retryBaseMs: 60,
    retryMaxMs: 250,
    maxAttempts: 30,
  };
}

const start = (): Promise<RunningServer> => startTestServer(redis.url, { demo: false, summary: settings() });
const accepted = (path: string) => posts.filter((p) => p.path === path && p.answered === 200 && ofDay(p));

beforeAll(async () => {
  redis = await startTestRedis();
  receiver = http.createServer(receive);
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const r of hung) r.destroy();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  await redis?.cleanup();
});

describe('webhook outbox', () => {
  it('[WH1] fails 3 times, hangs once, survives a restart, and delivers once per webhook; the server never waits on it', async () => {
    let server = await start();
    await ledger(server.ctx).summaries.run(DAY);
    await until(() => jsonCalls >= 4, 10_000, 'three failures and the hang');
    // While the receiver hangs, the server answers at once.
    const t0 = Date.now();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(300);
    await server.close();
    expect(accepted('/json')).toHaveLength(0); // the restart comes while the JSON webhook still owes its delivery

    server = await start();
    // A second run of the same day (a restart's catch-up) queues nothing new.
    await ledger(server.ctx).summaries.run(DAY);
    await until(() => accepted('/json').length >= 1 && accepted('/ding').length >= 1 && accepted('/wecom').length >= 1, 15_000, 'deliveries');
    await new Promise((r) => setTimeout(r, 1200)); // time for any duplicate to show up
    expect(accepted('/json')).toHaveLength(1);
    expect(accepted('/wecom')).toHaveLength(1);
    expect(accepted('/ding')).toHaveLength(1);
    expect(posts.filter((p) => p.path === '/json' && ofDay(p)).map((p) => p.answered).slice(0, 4)).toEqual([500, 500, 500, 'hung']);
    expect(new Set(posts.filter((p) => p.path === '/json' && ofDay(p)).map((p) => p.key))).toEqual(new Set([`suicha-summary:${DAY}:command`]));
    expect(posts.filter((p) => p.path === '/ding' && ofDay(p)).map((p) => p.answered)).toEqual(['refused', 200]);

    const jobs = await ledger(server.ctx).outbox.jobs(DAY);
    expect(jobs.map((j) => [j.webhookId, j.state])).toEqual([
      ['command', 'delivered'],
      ['ding', 'delivered'],
      ['wecom', 'delivered'],
    ]);
    expect(jobs.find((j) => j.webhookId === 'command')!.attempts).toBeGreaterThanOrEqual(4);
    await server.close();
  });

  it('[WH2] each kind gets its format: generic JSON with the summary, WeCom and DingTalk markdown', () => {
    const json = accepted('/json')[0]!.body;
    expect(json).toMatchObject({ type: 'suicha.daily_summary', idempotencyKey: `suicha-summary:${DAY}:command`, date: DAY, xlsx: `/api/summaries/${DAY}.xlsx` });
    expect((json.summary as { date: string }).date).toBe(DAY);
    const wecom = accepted('/wecom')[0]!.body as { msgtype: string; markdown: { content: string } };
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toMatch(/^## .*督查日报 2026年5月22日/);
    expect(new TextEncoder().encode(wecom.markdown.content).length).toBeLessThanOrEqual(4096);
    const ding = accepted('/ding')[0]!.body as { msgtype: string; markdown: { title: string; text: string } };
    expect(ding).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringMatching(/督查日报/) } });
    expect(ding.markdown.text).toContain('**按督查组**');
  });
});
