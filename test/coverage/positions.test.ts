/**
 * [MP3]–[MP7] Members' live positions on a real server and Redis, with stock socket.io clients:
 * who may report, what is refused (with an ack, never a crash), the per-socket limit, what is
 * stored, who receives the broadcast, the snapshot, and two instances on one Redis.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVERAGE_FEED } from '../../shared/coverage/events';
import { POSITION_EVENT, POSITION_REPORT, RATE_BURST, type PositionAck, type PositionReport, type ReportedPosition } from '../../shared/coverage/positions';
import type { CoverageSnapshot } from '../../shared/coverage/types';
import { dayInZone } from '../../shared/dates';
import { positionKey } from '../../server/coverage/positions';
import type { RunningServer } from '../../server/server';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { until } from '../helpers/yclient';

let redis: TestRedis;
let a: RunningServer;
let b: RunningServer;
const today = dayInZone(new Date(), 'Asia/Shanghai');
const sockets: Socket[] = [];
const tokens: Record<string, string> = {};

async function token(user: string): Promise<string> {
  return (tokens[user] ??= (await login(a.url, user)).token);
}

interface Listener {
  socket: Socket;
  got: ReportedPosition[];
}

async function open(user: string, server = a): Promise<Listener> {
  const socket = connect(server.url, { transports: ['websocket'], auth: { token: await token(user) }, reconnection: false });
  sockets.push(socket);
  const got: ReportedPosition[] = [];
  socket.on(POSITION_EVENT, (p: ReportedPosition) => got.push(p));
  await new Promise((resolve) => socket.on('welcome', resolve));
  return { socket, got };
}

function report(socket: Socket, payload: unknown): Promise<PositionAck> {
  return socket.timeout(5_000).emitWithAck(POSITION_REPORT, payload) as Promise<PositionAck>;
}

/** A fix near 城关镇, `agoMs` before now, moved `n` × ~11 m north so reports differ. */
function fix(agoMs = 0, n = 0, extra: Partial<PositionReport> = {}): PositionReport {
  return { lng: 116.9, lat: 31.4 + n * 1e-4, accuracy: 25, at: new Date(Date.now() - agoMs).toISOString(), ...extra };
}

function snapshot(socket: Socket): Promise<CoverageSnapshot> {
  return new Promise((resolve, reject) => {
    socket.once('coverage:snapshot', resolve);
    socket.emit('resync', COVERAGE_FEED, (ok: boolean) => (ok ? undefined : reject(new Error('resync refused'))));
  });
}

const quiet = () => new Promise((r) => setTimeout(r, 250));

beforeAll(async () => {
  redis = await startTestRedis();
  a = await startTestServer(redis.url, { instanceId: 'A' });
  b = await startTestServer(redis.url, { instanceId: 'B' });
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await a?.close();
  await b?.close();
  await redis?.cleanup();
});

describe('[MP3] who may report a position', () => {
  it('an inspector’s report is stored and reaches the command centre and their leader, never another group’s leader', async () => {
    const command = await open('command');
    const leader1 = await open('leader1');
    const leader2 = await open('leader2');
    const inspector = await open('inspector1a');
    const sent = fix(5_000);
    expect(await report(inspector.socket, { ...sent, groupId: 'g1', userId: 'inspector1a' })).toEqual({ ok: true, stored: true });
    await until(() => command.got.length > 0 && leader1.got.length > 0, 2_000, 'position at command and leader1');
    const p = command.got[0]!;
    expect(p).toEqual({
      date: today,
      groupId: 'g1',
      userId: 'inspector1a',
      name: expect.any(String) as string,
      lngLat: [116.9, 31.4],
      acc: 25,
      at: sent.at,
    });
    expect(leader1.got).toEqual([p]);
    await quiet();
    expect(leader2.got).toEqual([]);
    const stored = await a.ctx.redis.hGet(positionKey(today), 'inspector1a');
    expect(stored).toContain('"userId":"inspector1a"');
    expect(await a.ctx.redis.ttl(positionKey(today))).toBeGreaterThan(2 * 24 * 3600);
  });

  it('a leader reports for their own group', async () => {
    const command = await open('command');
    const leader = await open('leader3');
    expect(await report(leader.socket, fix(1_000))).toEqual({ ok: true, stored: true });
    await until(() => command.got.some((p) => p.userId === 'leader3' && p.groupId === 'g3'), 2_000, 'leader’s position');
  });

  it.each(['command', 'admin', 'unit1'])('%s cannot report a position', async (user) => {
    const command = await open('command');
    const s = await open(user);
    const ack = await report(s.socket, fix());
    expect(ack).toMatchObject({ ok: false, error: 'forbidden' });
    await quiet();
    expect(command.got).toEqual([]);
  });

  it('an inspector cannot report for someone else or for another group', async () => {
    const command = await open('command');
    const s = await open('inspector2a');
    expect(await report(s.socket, { ...fix(), userId: 'inspector2b' })).toMatchObject({ ok: false, error: 'forbidden', field: 'userId' });
    expect(await report(s.socket, { ...fix(), groupId: 'g1' })).toMatchObject({ ok: false, error: 'forbidden', field: 'groupId' });
    await quiet();
    expect(command.got).toEqual([]);
    expect(await a.ctx.redis.hGet(positionKey(today), 'inspector2b')).toBeNull();
  });
});

describe('[MP4] bad reports are refused with an error ack, and the server stays up', () => {
  const now = () => new Date().toISOString();
  it.each<[string, unknown, string]>([
    ['not an object', 'hello', ''],
    ['null', null, ''],
    ['an array', [116.9, 31.4], ''],
    ['no time', { lng: 116.9, lat: 31.4 }, 'at'],
    ['a latitude past the pole', { lng: 116.9, lat: 91, at: now() }, 'lat'],
    ['a longitude off the globe', { lng: -181, lat: 31, at: now() }, 'lng'],
    ['a string coordinate', { lng: '116.9', lat: 31.4, at: now() }, 'lng'],
    ['a negative accuracy', { lng: 116.9, lat: 31.4, accuracy: -1, at: now() }, 'accuracy'],
    ['a time that is not ISO', { lng: 116.9, lat: 31.4, at: 'yesterday' }, 'at'],
    ['a time in the future', { lng: 116.9, lat: 31.4, at: new Date(Date.now() + 3_600_000).toISOString() }, 'at'],
    ['a time older than a day', { lng: 116.9, lat: 31.4, at: new Date(Date.now() - 25 * 3_600_000).toISOString() }, 'at'],
    ['0, 0 (a failed fix)', { lng: 0, lat: 0, at: now() }, 'lng'],
    ['an unknown field', { lng: 116.9, lat: 31.4, at: now(), speed: 3 }, 'speed'],
    ['a huge string', { lng: 116.9, lat: 31.4, at: now(), userId: 'x'.repeat(10_000) }, 'userId'],
  ])('refuses %s', async (_what, payload, field) => {
    const s = await open('inspector4a');
    const ack = await report(s.socket, payload);
    expect(ack).toMatchObject({ ok: false, error: 'invalid' });
    if (ack.ok) return;
    expect(ack.message).toBeTruthy();
    if (field) expect(ack.field).toBe(field);
    else expect(ack.field).toBeUndefined();
  });

  it('ignores a report without an ack callback, then still answers the next one', async () => {
    const s = await open('inspector4b');
    s.socket.emit(POSITION_REPORT, { lng: 'x' });
    s.socket.emit(POSITION_REPORT);
    expect(await report(s.socket, fix())).toEqual({ ok: true, stored: true });
    const health = await fetch(`${a.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('[MP5] a socket’s reports are rate-limited', () => {
  it(`passes a burst of ${RATE_BURST}, then refuses with rate_limited and when to retry`, async () => {
    const s = await open('inspector5a');
    for (let i = 0; i < RATE_BURST; i++) expect(await report(s.socket, fix(0, i))).toMatchObject({ ok: true });
    const ack = await report(s.socket, fix(0, RATE_BURST));
    expect(ack).toMatchObject({ ok: false, error: 'rate_limited' });
    expect(!ack.ok && ack.retryAfterMs).toBeGreaterThan(0);
    // Another socket of the same user has its own allowance (a second tab or device).
    const other = await open('inspector5a');
    expect(await report(other.socket, fix(0, 9))).toMatchObject({ ok: true });
  });
});

describe('[MP6] latest per member per day', () => {
  it('an offline phone’s older report, sent late, replaces nothing and is not broadcast', async () => {
    const command = await open('command');
    const s = await open('inspector6a');
    const newer = fix(60_000, 1);
    expect(await report(s.socket, newer)).toEqual({ ok: true, stored: true });
    await until(() => command.got.length === 1, 2_000, 'first position');
    expect(await report(s.socket, fix(10 * 60_000, 2))).toEqual({ ok: true, stored: false });
    await quiet();
    expect(command.got.map((p) => p.at)).toEqual([newer.at]);
    const snap = await snapshot(command.socket);
    expect(snap.positions!.find((p) => p.userId === 'inspector6a')!.at).toBe(newer.at);
  });

  it('crosses instances: a report on A reaches the command centre on B', async () => {
    const onB = await open('command', b);
    const leaderOnB = await open('leader6', b);
    const otherOnB = await open('leader5', b);
    const s = await open('inspector6b', a);
    expect(await report(s.socket, fix(2_000))).toEqual({ ok: true, stored: true });
    const arrived = (l: Listener) => l.got.some((p) => p.userId === 'inspector6b');
    await until(() => arrived(onB) && arrived(leaderOnB), 2_000, 'position on instance B');
    await quiet();
    expect(arrived(otherOnB)).toBe(false);
  });
});

describe('[MP7] the coverage snapshot carries the day’s positions', () => {
  it('as each role may see them: the county sees all, a leader their group', async () => {
    const s = await open('inspector1b');
    const sent = fix(3_000, 3);
    expect(await report(s.socket, sent)).toMatchObject({ ok: true });
    const county = await snapshot((await open('command', b)).socket);
    expect(county.positions).toContainEqual(expect.objectContaining({ userId: 'inspector1b', groupId: 'g1', at: sent.at, lngLat: [116.9, 31.4003] }));
    expect(new Set(county.positions!.map((p) => p.groupId)).size).toBeGreaterThan(1);
    const g1 = await snapshot((await open('leader1')).socket);
    expect(g1.positions!.length).toBeGreaterThan(0);
    expect(g1.positions!.every((p) => p.groupId === 'g1')).toBe(true);
    const g2 = await snapshot((await open('leader2')).socket);
    expect(g2.positions!.some((p) => p.groupId === 'g1')).toBe(false);
  });

  it('GET /api/coverage answers the same positions (a past day’s too, while kept)', async () => {
    const res = await fetch(`${a.url}/api/coverage?date=${today}`, { headers: { authorization: `Bearer ${await token('command')}` } });
    const body = (await res.json()) as CoverageSnapshot;
    expect(body.positions!.some((p) => p.userId === 'inspector1b')).toBe(true);
  });
});
