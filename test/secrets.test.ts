/**
 * No secret leaves the server: passwords, password hashes and session tokens appear in no API
 * response and no log line, whatever the requests (good, bad, hostile). Cross-site writes are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import { createLogger } from '../server/logger';
import { startServer, type RunningServer } from '../server/server';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { DEMO_PASSWORD, login, testConfig, wsUrl } from './helpers/server';

let redis: TestRedis;
let server: RunningServer;
const logLines: string[] = [];
const bodies: string[] = [];

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, init);
  bodies.push(await res.clone().text());
  return res;
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startServer(testConfig(), redis.url, createLogger({}, 'debug', (l) => logLines.push(l)));
});

afterAll(async () => {
  await server.close();
  await redis.cleanup();
});

describe('secrets', () => {
  it('no password, password hash or session token in any response or log line', async () => {
    const tokens: string[] = [];
    for (const u of ['admin', 'leader1', 'inspector1a', 'command', 'unit1']) {
      const res = await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: DEMO_PASSWORD }) });
      tokens.push(((await res.clone().json()) as { token: string }).token);
    }
    await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'wrong-password-123' }) });
    await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad json' });
    for (const t of tokens) {
      const h = { authorization: `Bearer ${t}` };
      await call('/api/auth/me', { headers: h });
      await call('/api/sheets', { headers: h });
      await call('/api/groups/g1', { headers: h });
      await call('/api/sheets?date=nope', { headers: h });
    }
    const doc = sheetDocName('g1', dayInZone(new Date(), server.ctx.config.dayZone));
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(`${wsUrl(server.url)}/${encodeURIComponent(doc)}?token=${tokens[1]}`);
      ws.on('open', () => {
        ws.send(new Uint8Array([0, 9, 9]));
      });
      ws.on('close', () => resolve());
      ws.on('error', () => resolve());
    });
    await call('/metrics');
    const haystack = [...bodies, ...logLines].join('\n');
    expect(logLines.length).toBeGreaterThan(10);
    expect(haystack).not.toContain(DEMO_PASSWORD);
    expect(haystack).not.toContain('wrong-password-123');
    expect(haystack).not.toMatch(/\$argon2/);
    expect(haystack).not.toMatch(/passwordHash/);
    // Tokens appear only in the login response that issued them.
    const loginBodies = bodies.filter((b) => b.includes('"token"'));
    const rest = [...bodies.filter((b) => !b.includes('"token"')), ...logLines].join('\n');
    expect(loginBodies.length).toBe(5);
    for (const t of tokens) expect(rest).not.toContain(t);
  });

  it('a cross-site state-changing request is refused with 403; same-origin works', async () => {
    const { token } = await login(server.url, 'leader1');
    const cross = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    const same = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: server.url } });
    expect(same.status).toBe(204);
  });
});
