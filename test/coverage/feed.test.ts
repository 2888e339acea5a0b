/**
 * [CV6]–[CV9] The coverage feed and API on a real server and Redis: stock y-websocket clients edit,
 * socket.io clients listen, with each role's access.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COVERAGE_FEED } from '../../shared/coverage/events';
import type { CoverageDelta, CoverageGeo, CoverageSnapshot, MapConfig, TargetDetail } from '../../shared/coverage/types';
import { addDays, dayInZone } from '../../shared/dates';
import { sheetDocName } from '../../shared/sheet';
import type { RunningServer } from '../../server/server';
import { ensureDaySheets } from '../../server/sheets/daily';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, until, yclient, type YClient } from '../helpers/yclient';

let redis: TestRedis;
let server: RunningServer;
const today = dayInZone(new Date(), 'Asia/Shanghai');
const sockets: Socket[] = [];
const clients: YClient[] = [];
const tokens: Record<string, string> = {};

async function token(user: string): Promise<string> {
  return (tokens[user] ??= (await login(server.url, user)).token);
}

async function listen(user: string, base = server.url): Promise<{ socket: Socket; deltas: CoverageDelta[] }> {
  const socket = connect(base, { transports: ['websocket'], auth: { token: await token(user) }, reconnection: false });
  sockets.push(socket);
  const deltas: CoverageDelta[] = [];
  socket.on('coverage:delta', (d: CoverageDelta) => deltas.push(d));
  await new Promise((resolve) => socket.on('welcome', resolve));
  return { socket, deltas };
}

function resync(socket: Socket): Promise<{ ok: boolean; snap: CoverageSnapshot | null }> {
  return new Promise((resolve) => {
    let snap: CoverageSnapshot | null = null;
    socket.once('coverage:snapshot', (s: CoverageSnapshot) => (snap = s));
    socket.emit('resync', COVERAGE_FEED, (ok: boolean) => setTimeout(() => resolve({ ok, snap }), 50));
  });
}

async function api<T>(user: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await token(user)}`, ...headers } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

async function inspector(user: string, groupId: string, date = today): Promise<YClient> {
  const c = yclient(server.url, sheetDocName(groupId, date), await token(user));
  clients.push(c);
  await synced(c);
  return c;
}

function household(c: YClient, kind = 'pairing_visit'): [string, Y.Map<unknown>] {
  const targets = c.doc.getMap<Y.Map<unknown>>('targets');
  const open = (k: string) => targets.get(k)!.get('refKind') === 'household' && targets.get(k)!.get('checkedAt') === null;
  const id = [...targets.keys()].sort().find((k) => open(k) && targets.get(k)!.get('kind') === kind)!;
  return [id, targets.get(id)!];
}

function markChecked(c: YClient, m: Y.Map<unknown>, who: { id: string; name: string }): void {
  c.doc.transact(() => {
    m.set('checkedBy', who.id);
    m.set('checkedByName', who.name);
    m.set('checkedAt', new Date().toISOString());
    m.set('location', { lng: 116.9, lat: 31.4, accuracy: 10 });
  });
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const c of clients) c.destroy();
  await server?.close();
  await redis?.cleanup();
});

describe('[CV6] the live feed', () => {
  it('sends an inspector’s check to the command centre and that group’s leader, not to another group', async () => {
    const command = await listen('command');
    const leader1 = await listen('leader1');
    const leader2 = await listen('leader2');
    const c = await inspector('inspector1a', 'g1');
    const [id, m] = household(c);
    const started = Date.now();
    markChecked(c, m, { id: 'inspector1a', name: '周晓燕' });
    const found = (ds: CoverageDelta[]) => ds.some((d) => d.groupId === 'g1' && d.targets.some((t) => t.id === id && t.s === 3));
    await until(() => found(command.deltas) && found(leader1.deltas), 2_000, 'delta at command and leader1');
    expect(Date.now() - started).toBeLessThan(1_000);
    const t = command.deltas.flatMap((d) => d.targets).find((x) => x.id === id)!;
    expect(t).toMatchObject({ s: 3, byId: 'inspector1a', by: '周晓燕', loc: [116.9, 31.4], f: { l: 'h' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(leader2.deltas.filter((d) => d.groupId === 'g1')).toEqual([]);
  });

  it('sends only what changed, and nothing for an edit that changes no coverage', async () => {
    const command = await listen('command');
    const c = await inspector('inspector2a', 'g2');
    const [id, m] = household(c);
    c.doc.transact(() => (m.get('answers') as Y.Map<unknown>).set('knows_household', 'yes'));
    await until(() => command.deltas.length > 0, 2_000, 'first delta');
    expect(command.deltas[0]!.targets.map((t) => [t.id, t.s])).toEqual([[id, 2]]);
    // Same answer again: the doc changes (a new Yjs item) but the coverage does not.
    c.doc.transact(() => (m.get('answers') as Y.Map<unknown>).set('knows_household', 'yes'));
    await new Promise((r) => setTimeout(r, 300));
    expect(command.deltas).toHaveLength(1);
  });
});

describe('[CV6] server edits of sheets nobody has open', () => {
  it('reach the map at once, after they are stored', async () => {
    const command = await listen('command');
    const leader3 = await listen('leader3');
    const name = sheetDocName('g3', today);
    const { ctx } = server;
    expect([...ctx.rooms.loaded()].some((r) => r.name === name)).toBe(false);
    let id = '';
    await ctx.rooms.change(name, (doc) => {
      const targets = doc.getMap<Y.Map<unknown>>('targets');
      id = [...targets.keys()].sort().find((k) => targets.get(k)!.get('refKind') === 'household' && targets.get(k)!.get('checkedAt') === null)!;
      const m = targets.get(id)!;
      m.set('checkedBy', 'inspector3a');
      m.set('checkedByName', '检查员');
      m.set('checkedAt', new Date().toISOString());
    });
    const found = (ds: CoverageDelta[]) => ds.some((d) => d.groupId === 'g3' && d.targets.some((t) => t.id === id && t.s === 3));
    await until(() => found(command.deltas) && found(leader3.deltas), 2_000, 'delta for a direct edit');
    // Only that target, and it is what the store now holds.
    expect(command.deltas.filter((d) => d.groupId === 'g3').flatMap((d) => d.targets.map((t) => t.id))).toEqual([id]);
    const stored = await ctx.rooms.snapshot(name);
    expect(stored.getMap<Y.Map<unknown>>('targets').get(id)!.get('checkedBy')).toBe('inspector3a');
    stored.destroy();
  });
});

describe('[CV7] resync gives the current state, as each role may see it', () => {
  it('after a reconnect the command centre gets one snapshot holding what it missed, not a replay', async () => {
    const first = await listen('command');
    first.socket.disconnect();
    const c = await inspector('inspector3a', 'g3');
    const [id, m] = household(c);
    markChecked(c, m, { id: 'inspector3a', name: '徐丽娟' });
    await new Promise((r) => setTimeout(r, 200));
    const again = await listen('command');
    const { ok, snap } = await resync(again.socket);
    expect(ok).toBe(true);
    expect(snap!.date).toBe(today);
    expect(snap!.groups.map((g) => g.groupId)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
    expect(snap!.groups.find((g) => g.groupId === 'g3')!.targets.find((t) => t.id === id)!.s).toBe(3);
    expect(again.deltas).toEqual([]);
  });

  it('a leader’s snapshot holds only their group; an inspector’s resync is refused', async () => {
    const leader = await listen('leader4');
    const { snap } = await resync(leader.socket);
    expect(snap!.groups.map((g) => g.groupId)).toEqual(['g4']);
    expect(snap!.groups[0]!.members.map((u) => u.id).sort()).toEqual(['inspector4a', 'inspector4b', 'leader4']);
    const insp = await listen('inspector4a');
    expect(await resync(insp.socket)).toEqual({ ok: false, snap: null });
  });
});

describe('[CV8] the coverage API', () => {
  it('answers 403 to inspectors and units, and gives a leader only their group', async () => {
    for (const u of ['inspector1a', 'unit1']) {
      expect((await api(u, '/api/coverage')).status).toBe(403);
      expect((await api(u, '/api/coverage/geo')).status).toBe(403);
    }
    const mine = await api<CoverageSnapshot>('leader5', '/api/coverage');
    expect(mine.body.groups.map((g) => g.groupId)).toEqual(['g5']);
    const other = await api('leader5', `/api/coverage/target?date=${today}&groupId=g1&targetId=x`);
    expect(other.status).toBe(403);
  });

  it('replays a past day from the store', async () => {
    const yesterday = addDays(today, -1);
    const ctx = server.ctx;
    await ensureDaySheets({ redis: ctx.redis, registry: ctx.registry, sheets: ctx.sheets, rooms: ctx.rooms, log: ctx.log }, yesterday);
    const c = await inspector('inspector6a', 'g6', yesterday);
    const [id, m] = household(c);
    markChecked(c, m, { id: 'inspector6a', name: '曹阳' });
    // Once the inspector has gone the sheet is unloaded: the replay reads it from Redis.
    await new Promise((r) => setTimeout(r, 200));
    c.destroy();
    await until(() => ![...server.ctx.rooms.loaded()].some((r) => r.name === sheetDocName('g6', yesterday)), 5_000, 'sheet unloaded');
    const past = await api<CoverageSnapshot>('command', `/api/coverage?date=${yesterday}`);
    expect(past.status).toBe(200);
    expect(past.body.date).toBe(yesterday);
    expect(past.body.groups.find((g) => g.groupId === 'g6')!.targets.find((t) => t.id === id)!.s).toBe(3);
    expect((await api('command', '/api/coverage?date=2026-02-30')).status).toBe(400);
  });

  it('shows a target’s check with the checklist’s wording', async () => {
    const c = await inspector('inspector5a', 'g5');
    const [id, m] = household(c);
    c.doc.transact(() => {
      (m.get('answers') as Y.Map<unknown>).set('knows_household', 'no');
      (m.get('note') as Y.Text).insert(0, '户主外出务工');
    });
    await new Promise((r) => setTimeout(r, 300));
    const d = await api<TargetDetail>('command', `/api/coverage/target?date=${today}&groupId=g5&targetId=${encodeURIComponent(id)}`);
    expect(d.status).toBe(200);
    expect(d.body.note).toBe('户主外出务工');
    expect(d.body.target.s).toBe(2);
    expect(d.body.target.kind).toBe('pairing_visit');
    expect(d.body.answers).toEqual([expect.objectContaining({ id: 'knows_household', valueZh: '否', flagged: true })]);
  });

  it('serves the map’s data per scope, compressed, with an ETag', async () => {
    const county = await api<CoverageGeo>('command', '/api/coverage/geo');
    const leader = await api<CoverageGeo>('leader1', '/api/coverage/geo');
    expect(county.body.townships).toHaveLength(15);
    expect(leader.body.townships.length).toBeLessThan(15);
    expect(leader.body.townships.every((t) => t.group === 'g1')).toBe(true);
    expect(leader.body.households.i.length).toBeLessThan(county.body.households.i.length);
    const etag = county.headers.get('etag')!;
    expect((await api('command', '/api/coverage/geo', { 'if-none-match': etag })).status).toBe(304);
    const raw = await fetch(`${server.url}/api/coverage/geo`, { headers: { authorization: `Bearer ${await token('command')}`, 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('[CV9] the map engine', () => {
  it('is maplibre unless the server has MAPBOX_ACCESS_TOKEN', async () => {
    expect((await api<MapConfig>('command', '/api/map/config')).body).toEqual({ engine: 'maplibre' });
    const withToken = await startTestServer(redis.url, { mapboxAccessToken: 'pk.test-token' });
    try {
      const { token: t } = await login(withToken.url, 'command');
      const res = await fetch(`${withToken.url}/api/map/config`, { headers: { authorization: `Bearer ${t}` } });
      expect(await res.json()).toEqual({ engine: 'mapbox', mapboxToken: 'pk.test-token' });
    } finally {
      await withToken.close();
    }
  });
});
