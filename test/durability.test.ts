/**
 * Nothing anyone has seen is lost: the server killed with SIGKILL, Redis restarted cleanly and
 * killed with SIGKILL (AOF, appendfsync always as shipped). Real processes throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, spawnServer, type ChildServer } from './helpers/server';
import { synced, until, yclient, type YClient } from './helpers/yclient';

let redis: TestRedis;
let server: ChildServer;
let docName: string;
let dataDir: string;
const clients: YClient[] = [];

function noteOf(c: YClient, id: string): Y.Text {
  return c.doc.getMap<Y.Map<unknown>>('targets').get(id)!.get('note') as Y.Text;
}

async function open(user: string): Promise<YClient> {
  const { token } = await login(server.url, user);
  const c = yclient(server.url, docName, token);
  clients.push(c);
  await synced(c, 20_000);
  return c;
}

beforeAll(async () => {
  // As shipped: AOF with appendfsync always (server/redis/spawn.ts says why).
  redis = await startTestRedis({ appendfsync: 'always' });
  dataDir = redis.dir;
  server = await spawnServer({ REDIS_URL: redis.url, DATA_DIR: dataDir });
  docName = sheetDocName('g1', dayInZone(new Date(), 'Asia/Shanghai'));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.kill();
  await redis.cleanup();
});

describe('durability', () => {
  it('[DU1] kill -9 of the server right after a peer has seen N edits: after restart all N are there', async () => {
    const a = await open('inspector1a');
    const b = await open('inspector1b');
    const id = [...a.doc.getMap('targets').keys()].sort()[1]!;
    const N = 60;
    for (let i = 0; i < N; i++) noteOf(a, id).insert(noteOf(a, id).length, `<${i}>`);
    await until(() => noteOf(b, id).toString().includes(`<${N - 1}>`), 15_000, 'peer to see every edit');
    const seen = noteOf(b, id).toString();
    await server.kill('SIGKILL');
    server = await spawnServer({ REDIS_URL: redis.url, DATA_DIR: dataDir }, server.port);
    const c = await open('leader1');
    for (let i = 0; i < N; i++) expect(noteOf(c, id).toString()).toContain(`<${i}>`);
    expect(noteOf(c, id).toString()).toBe(seen);
    // The stock providers reconnect by themselves and keep converging.
    noteOf(b, id).insert(0, 'after-restart ');
    await until(() => noteOf(a, id).toString().startsWith('after-restart '), 15_000, 'reconnected peers to converge');
  });

  it('[DU2] Redis restarted cleanly while clients edit: edits made meanwhile arrive once it is back', async () => {
    const a = await open('inspector1a');
    const b = await open('leader1');
    const id = [...a.doc.getMap('targets').keys()].sort()[2]!;
    await redis.stop('clean');
    noteOf(a, id).insert(0, 'typed-while-redis-down ');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    const api = await fetch(`${server.url}/api/sheets`, { headers: { authorization: 'Bearer x'.padEnd(40, 'y') } });
    expect(api.status).toBe(503);
    await new Promise((r) => setTimeout(r, 500));
    // Nobody saw it: it was never stored.
    expect(noteOf(b, id).toString()).not.toContain('typed-while-redis-down');
    await redis.start();
    await until(() => noteOf(b, id).toString().includes('typed-while-redis-down'), 30_000, 'edit to arrive after Redis is back');
    const c = await open('inspector1b');
    expect(noteOf(c, id).toString()).toContain('typed-while-redis-down');
  });

  it('[DU3] Redis killed with SIGKILL right after a peer saw an edit: AOF keeps it', async () => {
    const a = await open('inspector1a');
    const b = await open('inspector1b');
    const id = [...a.doc.getMap('targets').keys()].sort()[3]!;
    noteOf(a, id).insert(0, 'survives-redis-kill ');
    await until(() => noteOf(b, id).toString().includes('survives-redis-kill'));
    await redis.stop('kill');
    await server.kill('SIGKILL');
    await redis.start();
    server = await spawnServer({ REDIS_URL: redis.url, DATA_DIR: dataDir }, server.port);
    for (const c of [a, b]) c.destroy();
    const c = await open('leader1');
    expect(noteOf(c, id).toString()).toContain('survives-redis-kill');
  });
});
