/**
 * `/api/draws/<date>` over HTTP: who may do what (403 for roles that may not), how bad input is
 * refused (a 400 whose `field` names the problem: quotas, groups, dates, settings, a seed sent by
 * a client; 404 for a day without a draw), and the scheduled publish (DRAW_CRON) across two
 * instances on one Redis: the day gets exactly one draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULER_PUBLISHER, type DrawPreview, type DrawsResponse, type DrawView, type VerifyReport } from '../../shared/drawApi';
import { addDays } from '../../shared/dates';
import { DrawScheduler } from '../../server/draws/scheduler';
import { draws } from '../../server/draws/wiring';
import { silentLogger } from '../../server/logger';
import type { RunningServer } from '../../server/server';
import { client, today } from '../helpers/ledger';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';

type ErrorBody = { error: string; message: string; field?: string };

let redis: TestRedis;
let server: RunningServer;
let as: Record<string, ReturnType<typeof client>>;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  as = {};
  for (const u of ['admin', 'command', 'leader1', 'inspector2a', 'unit1']) as[u] = client(server, (await login(server.url, u)).token);
});

afterAll(async () => {
  await server?.close();
  await redis?.cleanup();
});

describe('roles', () => {
  it('[DR6] only the county office previews and publishes; others get 403, no session 401', async () => {
    const d = today(server);
    for (const u of ['command', 'leader1', 'inspector2a', 'unit1']) {
      expect((await as[u]!.post(`/api/draws/${d}/preview`)).status, u).toBe(403);
      expect((await as[u]!.post(`/api/draws/${d}/publish`)).status, u).toBe(403);
    }
    expect((await fetch(`${server.url}/api/draws/${d}`)).status).toBe(401);
    expect((await as.unit1!.get(`/api/draws/${d}`)).status).toBe(403);
    expect((await as.unit1!.get(`/api/draws/${d}/verify`)).status).toBe(403);
  });

  it('[DR1] a preview shows lists with a fresh seed, publishes nothing, and says whether a publish would be a re-draw', async () => {
    const d = today(server);
    const a = (await as.admin!.post<DrawPreview>(`/api/draws/${d}/preview`)).body;
    const b = (await as.admin!.post<DrawPreview>(`/api/draws/${d}/preview`, { settings: { quotas: { pairing_visit: 12 } } })).body;
    expect(a).toMatchObject({ preview: true, nextSeq: 1, algorithm: 'suicha-draw/1' });
    expect(a.seed).not.toBe(b.seed);
    expect(b.result.groups[0]!.quotas.pairing_visit).toBe(12);
    expect(b.settings.quotas.pairing_visit).toBe(12);
    expect((await as.admin!.get<DrawsResponse>(`/api/draws/${d}`)).body.draws).toEqual([]);
  });

  it('[DR6] a group’s leader and inspectors read only their group’s lists, with the seed and hashes; admin and command read all', async () => {
    const d = today(server);
    const published = (await as.admin!.post<{ draw: DrawView }>(`/api/draws/${d}/publish`)).body.draw;
    for (const [u, group] of [
      ['leader1', 'g1'],
      ['inspector2a', 'g2'],
    ] as const) {
      const [v] = (await as[u]!.get<DrawsResponse>(`/api/draws/${d}`)).body.draws;
      expect(v).toMatchObject({ scope: 'group', seed: published.seed, registryHash: published.registryHash, resultHash: published.resultHash });
      expect(v!.result.groups.map((g) => g.groupId)).toEqual([group]);
      expect(v!.recentlyChecked).toBeUndefined();
      expect((await as[u]!.get<VerifyReport>(`/api/draws/${d}/verify`)).body.ok).toBe(true);
      expect((await as[u]!.get(`/api/draws/${d}/input`)).status).toBe(403);
    }
    const [full] = (await as.command!.get<DrawsResponse>(`/api/draws/${d}`)).body.draws;
    expect(full!.scope).toBe('full');
    expect(full!.result.groups).toHaveLength(6);
    expect(full!.recentlyChecked).toEqual({});
    expect((await as.command!.post(`/api/draws/${d}/publish`, { reason: 'x' })).status).toBe(403);
  });

  it('[DR5] the stored input names the registry snapshot by hash and holds the seed and settings', async () => {
    const d = today(server);
    const res = await fetch(`${server.url}/api/draws/${d}/input?seq=1`, { headers: { authorization: `Bearer ${(await login(server.url, 'command')).token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`draw-input-${d}-1.json`);
    const input = (await res.json()) as { registry: { groups: unknown[] }; seed: string; date: string; settings: { perVillageCap: number } };
    expect(input).toMatchObject({ date: d, settings: { perVillageCap: 2, recentDays: 7 } });
    expect(input.registry.groups).toHaveLength(6);
  });
});

describe('bad input', () => {
  const bad = async (path: string, body?: unknown) => {
    const r = body === undefined && !path.includes('publish') && !path.includes('preview') ? await as.admin!.get<ErrorBody>(path) : await as.admin!.post<ErrorBody>(path, body);
    return { status: r.status, error: r.body.error, field: r.body.field, message: r.body.message };
  };

  it('[DR7] negative or fractional quotas, an unknown quota or group, and bad settings are 400s naming the field', async () => {
    const p = `/api/draws/${today(server)}/preview`;
    expect(await bad(p, { settings: { quotas: { pairing_visit: -1 } } })).toMatchObject({ status: 400, error: 'bad_quota', field: 'settings.quotas.pairing_visit' });
    expect(await bad(p, { settings: { quotas: { screening: 2.5 } } })).toMatchObject({ status: 400, error: 'bad_quota', field: 'settings.quotas.screening' });
    expect(await bad(p, { settings: { quotas: { villages: 2 } } })).toMatchObject({ status: 400, error: 'unknown_quota', field: 'settings.quotas.villages' });
    expect(await bad(p, { settings: { groupQuotas: { g99: { screening: 6 } } } })).toMatchObject({ status: 400, error: 'unknown_group', field: 'settings.groupQuotas.g99' });
    expect(await bad(p, { settings: { perVillageCap: 0 } })).toMatchObject({ status: 400, error: 'bad_setting', field: 'settings.perVillageCap' });
    expect(await bad(p, { settings: { recentDays: 400 } })).toMatchObject({ status: 400, field: 'settings.recentDays' });
    expect(await bad(p, { settings: 'many' })).toMatchObject({ status: 400, field: 'settings' });
  });

  it('[DR1][DR7] a seed sent by a client is refused: the server draws every seed itself', async () => {
    const r = await bad(`/api/draws/${today(server)}/publish`, { seed: 'ab'.repeat(32), reason: '指定种子' });
    expect(r).toMatchObject({ status: 400, field: 'seed' });
  });

  it('[DR7] an impossible or past date, and a malformed seq, are 400s naming them; a day without a draw is 404', async () => {
    const d = today(server);
    expect(await bad('/api/draws/2024-02-30/preview', {})).toMatchObject({ status: 400, field: 'date' });
    expect(await bad('/api/draws/tomorrow')).toMatchObject({ status: 400, field: 'date' });
    expect(await bad(`/api/draws/${addDays(d, -1)}/publish`, {})).toMatchObject({ status: 400, field: 'date', message: expect.stringContaining('passed') });
    expect(await bad(`/api/draws/${d}/verify?seq=zero`)).toMatchObject({ status: 400, field: 'seq' });
    expect((await bad(`/api/draws/${addDays(d, 3)}/verify`)).status).toBe(404);
    expect((await bad(`/api/draws/${d}/verify?seq=9`)).status).toBe(404);
    expect((await bad(`/api/draws/${addDays(d, 3)}/input`)).status).toBe(404);
    expect((await as.admin!.get<DrawsResponse>(`/api/draws/${addDays(d, 3)}`)).body.draws).toEqual([]);
  });

  it('[DR7] a county without a registry snapshot cannot be drawn: 400 naming the date', async () => {
    // A second server on an empty Redis database: no demo county, so no registry.
    const bare = await startTestServer(`${redis.url}/1`, { demo: false });
    try {
      await bare.ctx.users.create({ id: 'a0', username: 'office', name: '县扶贫办', role: 'admin', password: 'pw-office-1' });
      const office = client(bare, (await login(bare.url, 'office', 'pw-office-1')).token);
      const r = await office.post<ErrorBody>(`/api/draws/${today(bare)}/preview`);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: 'no_registry', field: 'date', message: expect.stringContaining('registry') });
    } finally {
      await bare.close();
    }
  });
});

describe('the scheduled publish', () => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    a = server;
    b = await startTestServer(redis.url);
  });
  afterAll(async () => {
    await b?.close();
  });

  it('[DR8] run at once on two instances, publishes the day once, signed by the scheduler', async () => {
    // Tomorrow: today was published by hand above.
    const d = addDays(today(a), 1);
    const outcomes = await Promise.all([draws(a.ctx).publishScheduled(d), draws(b.ctx).publishScheduled(d), draws(a.ctx).publishScheduled(d)]);
    expect(outcomes.filter((o) => o === 'published')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'published').every((o) => o === 'locked' || o === 'exists')).toBe(true);
    const log = await draws(a.ctx).repo.list(d);
    expect(log).toHaveLength(1);
    expect(log[0]!.draw).toMatchObject({ seq: 1, publishedBy: SCHEDULER_PUBLISHER, reason: null });
    expect(await draws(b.ctx).publishScheduled(d)).toBe('exists');
    expect((await draws(b.ctx).service.verify(d))!.ok).toBe(true);
  });

  it('[DR8] is due only within its catch-up window after the cron time, and then skips a day that has a draw', async () => {
    const ctx = a.ctx;
    const d = draws(ctx);
    const base = { redis: ctx.redis, repo: d.repo, service: d.service, log: silentLogger, zone: ctx.config.dayZone };
    // Every minute: due now; today already has its draw.
    const every = new DrawScheduler({ ...base, cron: '* * * * *', now: () => new Date() });
    expect(await every.tick()).toBe('exists');
    // New Year's midnight, seen from June with a one-minute window: not due.
    const never = new DrawScheduler({ ...base, cron: '0 0 1 1 *', now: () => new Date('2030-06-15T12:00:00Z'), catchUpMs: 60_000 });
    expect(await never.tick()).toBe('not_due');
    every.stop();
    never.stop();
    expect(() => new DrawScheduler({ ...base, cron: 'at half past six', now: () => new Date() })).toThrow();
  });
});
