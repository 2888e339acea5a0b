/**
 * The admin API: only the county office may use it; edits obey the import's rules and are
 * audited; accounts are created, changed and deactivated, and a deactivated user's live
 * connections close at once.
 */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInZone } from '../../shared/dates';
import { CloseCode } from '../../shared/syncProtocol';
import { sheetDocName } from '../../shared/sheet';
import type { RunningServer } from '../../server/server';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, until, yclient } from '../helpers/yclient';
import { call } from './fixtures';

let redis: TestRedis;
let server: RunningServer;
let admin: string;

beforeAll(async () => {
  redis = await startTestRedis({ appendfsync: 'no' });
  server = await startTestServer(redis.url);
  admin = (await login(server.url, 'admin')).token;
});

afterAll(async () => {
  await server?.close();
  await redis?.cleanup();
});

const api = (method: string, path: string, body?: unknown, token: string | null = admin) => call(server.url, token, method, `/api/admin${path}`, body);

describe('access', () => {
  it('refuses every role but admin with 403, and no session with 401', async () => {
    for (const user of ['leader1', 'inspector1a', 'command', 'unit1']) {
      const { token } = await login(server.url, user);
      for (const [method, path] of [
        ['GET', '/registry'],
        ['GET', '/registry/households'],
        ['PATCH', '/registry/households/h1'],
        ['POST', '/registry/import'],
        ['GET', '/registry/export.xlsx'],
        ['GET', '/users'],
        ['POST', '/registry/rollback'],
      ] as const) {
        expect((await api(method, path, method === 'GET' ? undefined : {}, token)).status, `${user} ${method} ${path}`).toBe(403);
      }
    }
    expect((await api('GET', '/registry', undefined, null)).status).toBe(401);
  });

  it('refuses unknown fields and bad values with 400 naming the field', async () => {
    expect(await api('PATCH', '/registry/households/h1', { head: '甲', colour: 'red' })).toMatchObject({ status: 400, body: { field: 'colour' } });
    expect(await api('GET', '/registry/households?pageSize=1000')).toMatchObject({ status: 400, body: { field: 'pageSize' } });
    expect(await api('POST', '/users', { username: 'x y', name: '甲', role: 'inspector', groupId: 'g1', password: 'longenough' })).toMatchObject({ status: 400, body: { field: 'username' } });
  });
});

describe('browse and edit', () => {
  it('pages households of a village and finds them by name', async () => {
    const r = (await server.ctx.registry.load())!;
    const inV1 = r.households.filter((h) => h.villageId === 'v1');
    const page = await api('GET', '/registry/households?villageId=v1&page=2&pageSize=10');
    expect(page.body).toMatchObject({ total: inV1.length, page: 2, pageSize: 10 });
    expect(page.body.items.map((h: { id: string }) => h.id)).toEqual(inV1.slice(10, 20).map((h) => h.id));
    const head = inV1[3]!.head;
    const found = await api('GET', `/registry/households?q=${encodeURIComponent(head)}&villageId=v1`);
    expect(found.body.items.some((h: { id: string }) => h.id === inV1[3]!.id)).toBe(true);
  });

  it('an edit breaking a rule is refused with the rule; a good edit is stored and audited with before and after', async () => {
    const r = (await server.ctx.registry.load())!;
    const h = r.households.find((x) => x.status === 'ordinary' && x.location)!;
    expect(await api('PATCH', `/registry/households/${h.id}`, { members: 0 })).toMatchObject({ status: 400, body: { field: 'members', problems: [{ code: 'out_of_range' }] } });
    expect(await api('PATCH', `/registry/households/${h.id}`, { exitYear: 2018 })).toMatchObject({ status: 400, body: { field: 'exitYear' } });
    expect(await api('PATCH', `/registry/households/${h.id}`, { location: { lng: 100, lat: 31 } })).toMatchObject({ status: 400, body: { field: 'location', problems: [{ code: 'outside_county' }] } });
    const version = (await server.ctx.registry.meta())!.version;
    const ok = await api('PATCH', `/registry/households/${h.id}`, { status: 'edge', edgeKinds: ['dibao'], head: '改后户主' });
    expect(ok).toMatchObject({ status: 200, body: { household: { status: 'edge', head: '改后户主' }, version: version + 1 } });
    const detail = await api('GET', `/registry/households/${h.id}`);
    expect(detail.body.history[0]).toMatchObject({ by: 'admin', action: 'edit', before: { head: h.head, status: 'ordinary' }, after: { head: '改后户主', status: 'edge' } });
    expect((await server.ctx.registry.load())!.households.find((x) => x.id === h.id)!.head).toBe('改后户主');
    // Saving the same values again changes nothing: no version, no audit entry.
    expect(await api('PATCH', `/registry/households/${h.id}`, { head: '改后户主' })).toMatchObject({ status: 200, body: { version: version + 1 } });
    expect((await api('GET', `/registry/households/${h.id}`)).body.history).toHaveLength(1);
  });

  it('a contact takes at most three households; moving one updates the contact it left', async () => {
    const r = (await server.ctx.registry.load())!;
    const [a, b] = r.contacts.filter((c) => c.householdIds.length === 2);
    const four = [...a!.householdIds, ...b!.householdIds];
    expect(await api('PATCH', `/registry/contacts/${a!.id}`, { householdIds: four })).toMatchObject({ status: 400, body: { field: 'householdIds', problems: [{ code: 'contact_over_limit' }] } });
    const moved = b!.householdIds[0]!;
    const ok = await api('PATCH', `/registry/contacts/${a!.id}`, { householdIds: [...a!.householdIds, moved] });
    expect(ok.status).toBe(200);
    const now = (await server.ctx.registry.load())!;
    expect(now.contacts.find((c) => c.id === a!.id)!.householdIds.sort()).toEqual([...a!.householdIds, moved].sort());
    expect(now.contacts.find((c) => c.id === b!.id)!.householdIds).toEqual([b!.householdIds[1]]);
    expect(now.households.find((h) => h.id === moved)!.pairingContactId).toBe(a!.id);
    const movedHistory = (await api('GET', `/registry/households/${moved}`)).body.history;
    expect(movedHistory[0]).toMatchObject({ by: 'admin', before: { pairingContactId: b!.id }, after: { pairingContactId: a!.id } });
  });

  it('a township belongs to one group', async () => {
    const r = (await server.ctx.registry.load())!;
    const taken = r.groups[0]!.townshipIds[0]!;
    expect(await api('POST', '/groups', { id: 'g7', name: '第七督查组', townshipIds: [taken] })).toMatchObject({ status: 400, body: { problems: [{ code: 'township_in_two_groups' }] } });
  });
});

describe('users', () => {
  it('creates an inspector who can log in and open their group’s sheet', async () => {
    const made = await api('POST', '/users', { username: 'zhangwei', name: '张伟', role: 'inspector', groupId: 'g2', password: 'chushi-mima-1' });
    expect(made).toMatchObject({ status: 201, body: { id: 'zhangwei', role: 'inspector', groupId: 'g2', active: true } });
    expect(JSON.stringify(made.body)).not.toMatch(/argon2|passwordHash/);
    const { token } = await login(server.url, 'zhangwei', 'chushi-mima-1');
    const sheets = await call(server.url, token, 'GET', '/api/sheets');
    expect(sheets.body.map((s: { groupId: string }) => s.groupId)).toEqual(['g2']);
    expect((await api('POST', '/users', { username: 'zhangwei', name: '又一个', role: 'command', password: 'chushi-mima-1' })).status).toBe(409);
    expect(await api('POST', '/users', { username: 'lisi', name: '李四', role: 'leader', groupId: 'g99', password: 'chushi-mima-1' })).toMatchObject({ status: 400, body: { field: 'groupId' } });
    expect(await api('POST', '/users', { username: 'unit9', name: '某单位', role: 'unit', password: 'chushi-mima-1' })).toMatchObject({ status: 400, body: { field: 'unitId' } });
  });

  it('deactivation closes the user’s open sync and socket.io connections at once; the token then gets 401', async () => {
    const { token } = await login(server.url, 'inspector1a');
    const doc = sheetDocName('g1', dayInZone(new Date(), 'Asia/Shanghai'));
    const y = yclient(server.url, doc, token);
    await synced(y);
    const closes: number[] = [];
    y.provider.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));
    const live = connect(server.url, { transports: ['websocket'], auth: { token }, reconnection: false });
    await new Promise<void>((resolve) => live.once('welcome', () => resolve()));
    const liveGone = new Promise<string>((resolve) => live.once('disconnect', resolve));
    const started = Date.now();
    expect(await api('PATCH', '/users/inspector1a', { active: false })).toMatchObject({ status: 200, body: { active: false } });
    await until(() => closes.length > 0, 5000, 'sync socket closed');
    expect(closes[0]).toBe(CloseCode.sessionEnded);
    expect(await liveGone).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await call(server.url, token, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'inspector1a', password: 'suicha-demo' }) })).status).toBe(401);
    y.destroy();
    live.disconnect();
    const audit = await api('GET', '/audit?limit=1');
    expect(audit.body.items[0]).toMatchObject({ action: 'deactivate', entity: 'user', entityId: 'inspector1a', before: { active: true }, after: { active: false } });
  });

  it('a password reset ends the old sessions; the new password works', async () => {
    const { token } = await login(server.url, 'inspector2b');
    expect((await api('POST', '/users/inspector2b/password', { password: 'xin-mima-2026' })).status).toBe(204);
    expect((await call(server.url, token, 'GET', '/api/auth/me')).status).toBe(401);
    await login(server.url, 'inspector2b', 'xin-mima-2026');
  });

  it('the admin cannot deactivate themself', async () => {
    expect(await api('PATCH', '/users/admin', { active: false })).toMatchObject({ status: 400, body: { field: 'active' } });
  });
});
