/** The JSON API: login, sessions, roles, and bad input answered with clear errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetInfo } from '../shared/api';
import type { RunningServer } from '../server/server';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, startTestServer } from './helpers/server';

let redis: TestRedis;
let server: RunningServer;

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function get(path: string, token?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { loginRateLimit: 3 });
});

afterAll(async () => {
  await server.close();
  await redis.cleanup();
});

describe('login', () => {
  it('returns a token and the public user, and sets an HttpOnly SameSite session cookie', async () => {
    const res = await post('/api/auth/login', JSON.stringify({ username: 'leader1', password: 'suicha-demo' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: Record<string, unknown> };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).toEqual({ id: 'leader1', username: 'leader1', name: expect.any(String), role: 'leader', groupId: 'g1' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/suicha_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
  });

  it('names the unknown field, the missing field and refuses malformed JSON with 400', async () => {
    let res = await post('/api/auth/login', JSON.stringify({ username: 'a', password: 'b', role: 'admin' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', field: 'role' });
    res = await post('/api/auth/login', JSON.stringify({ username: 'a' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'password' });
    res = await post('/api/auth/login', '{"username": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/JSON/);
  });

  it('refuses a wrong password with 401 and rate-limits repeated failures with 429', async () => {
    const bad = () => post('/api/auth/login', JSON.stringify({ username: 'inspector3a', password: 'wrong' }));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await bad()).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[4]).toBe(429);
  });

  it('refuses a body larger than the limit with 413', async () => {
    const res = await post('/api/auth/login', JSON.stringify({ username: 'x'.repeat(400_000), password: 'y' }));
    expect(res.status).toBe(413);
  });

  it('me answers 401 without a session and the user with one', async () => {
    expect((await get('/api/auth/me')).status).toBe(401);
    const { token } = await login(server.url, 'command');
    expect(await get('/api/auth/me', token)).toMatchObject({ status: 200, body: { user: { role: 'command' } } });
  });
});

describe('sheets', () => {
  it('an inspector sees only their group’s sheet for today, writable', async () => {
    const { token } = await login(server.url, 'inspector2a');
    const { status, body } = await get('/api/sheets', token);
    expect(status).toBe(200);
    const sheets = body as SheetInfo[];
    expect(sheets).toHaveLength(1);
    expect(sheets[0]).toMatchObject({ groupId: 'g2', access: 'write' });
    expect(sheets[0]!.docName).toMatch(/^sheet:g2:\d{4}-\d{2}-\d{2}$/);
    expect(sheets[0]!.targets).toBeGreaterThanOrEqual(32);
  });

  it('command and admin see every group’s sheet read-only; a unit sees none', async () => {
    for (const u of ['command', 'admin']) {
      const { token } = await login(server.url, u);
      const sheets = (await get('/api/sheets', token)).body as SheetInfo[];
      expect(sheets.length).toBe(6);
      expect(sheets.every((s) => s.access === 'read')).toBe(true);
    }
    const { token } = await login(server.url, 'unit1');
    expect((await get('/api/sheets', token)).body).toEqual([]);
  });

  it('a bad date or unknown query field → 400 naming it; no session → 401', async () => {
    const { token } = await login(server.url, 'leader1');
    expect(await get('/api/sheets?date=2026-02-30', token)).toMatchObject({ status: 400, body: { field: 'date' } });
    expect(await get('/api/sheets?color=red', token)).toMatchObject({ status: 400, body: { field: 'color' } });
    expect((await get('/api/sheets')).status).toBe(401);
  });

  it('a past day with no sheets is an empty list', async () => {
    const { token } = await login(server.url, 'leader1');
    expect(await get('/api/sheets?date=2020-01-01', token)).toEqual({ status: 200, body: [] });
  });
});

describe('groups', () => {
  it('a leader reads their group and members; another group’s member gets 403', async () => {
    const { token } = await login(server.url, 'leader1');
    const { status, body } = await get('/api/groups/g1', token);
    expect(status).toBe(200);
    const g = body as { members: { username: string }[] };
    expect(g.members.map((m) => m.username).sort()).toEqual(['inspector1a', 'inspector1b', 'leader1']);
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
    const other = await login(server.url, 'inspector2a');
    expect((await get('/api/groups/g1', other.token)).status).toBe(403);
  });
});

describe('health and headers', () => {
  it('/healthz reports live and ready with Redis up', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { live: true, ready: true, redis: 'up' } });
  });

  it('responses carry security headers and a request id', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('the app shell is served for client routes, and its bundles gzipped and cached for good', async () => {
    const shell = await fetch(`${server.url}/sheet/x`);
    expect(shell.status).toBe(200);
    const html = await shell.text();
    expect(html).toContain('<div id="app">');
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const res = await fetch(`${server.url}${js}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('unknown API paths are 404 JSON, not the app shell', async () => {
    expect(await get('/api/nope')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});

describe('metrics', () => {
  it('/metrics exposes connections, documents, updates, stream lengths and the edit-to-peer histogram', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of ['suicha_ws_connections', 'suicha_docs_loaded', 'suicha_updates_total', 'suicha_stream_entries_max', 'suicha_edit_to_peer_seconds_bucket', 'suicha_compaction_seconds_bucket', 'suicha_process_resident_memory_bytes']) {
      expect(text).toContain(name);
    }
    expect(text).not.toMatch(/argon2|passwordHash|suicha_session/);
  });
});

describe('sessions', () => {
  it('an expired session token is refused with 401', async () => {
    const { token } = await login(server.url, 'leader2');
    // Expire it the way Redis would at the end of its TTL.
    const sessionKeys = await server.ctx.redis.keys('session:*');
    for (const k of sessionKeys) await server.ctx.redis.pExpire(k, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await get('/api/auth/me', token)).status).toBe(401);
  });
});
