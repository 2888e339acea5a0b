/**
 * Several instances on one Redis: updates and presence cross instances through Redis, an
 * instance killed with SIGKILL loses nothing any peer saw, and compaction holds up when the
 * instances' clocks disagree. Real processes throughout.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, spawnServer, wsUrl, type ChildServer } from './helpers/server';
import { synced, until, yclient, type YClient } from './helpers/yclient';

let redis: TestRedis;
const servers: ChildServer[] = [];
const clients: YClient[] = [];
let docName: string;
const tokens: Record<string, string> = {};

function on(server: ChildServer, user: string): YClient {
  const c = yclient(server.url, docName, tokens[user]!);
  clients.push(c);
  return c;
}

const noteOf = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('targets').get(id)!.get('note') as Y.Text;

beforeAll(async () => {
  redis = await startTestRedis({ appendfsync: 'everysec' });
  // No trim grace: a lagging follower must notice the trim and reload (the path under test).
  const env = { REDIS_URL: redis.url, DATA_DIR: redis.dir, COMPACT_ENTRIES: '25', COMPACT_IDLE_MS: '300', TRIM_GRACE_MS: '0' };
  servers.push(await spawnServer({ ...env, INSTANCE_ID: 'A' }));
  // B's clock runs an hour ahead and C's an hour behind: Redis assigns stream ids, not us.
  const skew = ['--import', path.resolve(import.meta.dirname, 'helpers/skewClock.mjs')];
  servers.push(await spawnServer({ ...env, INSTANCE_ID: 'B', SKEW_MS: String(3_600_000) }, undefined, skew));
  servers.push(await spawnServer({ ...env, INSTANCE_ID: 'C', SKEW_MS: String(-3_600_000) }, undefined, skew));
  docName = sheetDocName('g1', dayInZone(new Date(), 'Asia/Shanghai'));
  for (const u of ['inspector1a', 'inspector1b', 'leader1', 'command']) tokens[u] = (await login(servers[0]!.url, u)).token;
}, 180_000); // three real server processes; slow when CI shares the cores

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of servers) await s.kill();
  await redis.cleanup();
});

describe('many instances on one Redis', () => {
  it('[MI1] an edit accepted on one instance reaches peers on the others', async () => {
    const [a, b, c] = [on(servers[0]!, 'inspector1a'), on(servers[1]!, 'inspector1b'), on(servers[2]!, 'leader1')];
    await Promise.all([a, b, c].map((x) => synced(x)));
    const id = [...a.doc.getMap('targets').keys()].sort()[0]!;
    noteOf(a.doc, id).insert(0, 'from-A ');
    noteOf(b.doc, id).insert(0, 'from-B ');
    await until(() => [a, b, c].every((x) => noteOf(x.doc, id).toString().includes('from-A') && noteOf(x.doc, id).toString().includes('from-B')), 10_000, 'cross-instance convergence');
  });

  it('[MI2] presence crosses instances and leaves with its client', async () => {
    const a = on(servers[0]!, 'inspector1a');
    const c = on(servers[2]!, 'command');
    await Promise.all([synced(a), synced(c)]);
    a.provider.awareness.setLocalStateField('user', { id: 'inspector1a', name: 'A' });
    const seesA = () => [...c.provider.awareness.getStates().values()].some((s) => (s as { user?: { id: string } }).user?.id === 'inspector1a');
    await until(seesA, 10_000, 'presence on the other instance');
    a.destroy();
    await until(() => !seesA(), 10_000, 'presence removed on the other instance');
  });

  it('[MI3] kill -9 of one of three instances under load: its clients reconnect elsewhere and no edit is lost', async () => {
    const writerDoc = new Y.Doc();
    let provider = new WebsocketProvider(wsUrl(servers[0]!.url), docName, writerDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: tokens.inspector1a! },
      disableBc: true,
    });
    await until(() => provider.synced, 10_000, 'writer synced');
    const b = on(servers[1]!, 'inspector1b');
    const c = on(servers[2]!, 'leader1');
    await Promise.all([synced(b), synced(c)]);
    const id = [...writerDoc.getMap('targets').keys()].sort()[5]!;
    const N = 200;
    let i = 0;
    const typing = setInterval(() => {
      if (i < N) noteOf(writerDoc, id).insert(noteOf(writerDoc, id).length, `[${i++}]`);
    }, 5);
    await until(() => i >= N / 2, 10_000, 'half the edits typed');
    await servers[0]!.kill('SIGKILL');
    // The load balancer sends the reconnect to a live instance; the doc (with every edit) stays.
    provider.destroy();
    provider = new WebsocketProvider(wsUrl(servers[1]!.url), docName, writerDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: tokens.inspector1a! },
      disableBc: true,
    });
    await until(() => i >= N, 20_000, 'all edits typed');
    clearInterval(typing);
    const all = noteOf(writerDoc, id).toString();
    await until(() => noteOf(b.doc, id).toString() === all && noteOf(c.doc, id).toString() === all, 20_000, 'peers to converge');
    const fresh = on(servers[2]!, 'command');
    await synced(fresh);
    for (let k = 0; k < N; k++) expect(noteOf(fresh.doc, id).toString()).toContain(`[${k}]`);
    provider.destroy();
  });

  it('[MI4] with clocks an hour apart, concurrent compaction on two instances keeps every edit', async () => {
    const b = on(servers[1]!, 'inspector1a');
    const c = on(servers[2]!, 'inspector1b');
    await Promise.all([synced(b), synced(c)]);
    const id = [...b.doc.getMap('targets').keys()].sort()[6]!;
    for (let k = 0; k < 120; k++) {
      noteOf(b.doc, id).insert(noteOf(b.doc, id).length, `b${k};`);
      noteOf(c.doc, id).insert(0, `c${k};`);
      if (k % 20 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => noteOf(b.doc, id).toString() === noteOf(c.doc, id).toString(), 15_000, 'convergence');
    // Let idle compaction run on both instances, then read the stored document afresh.
    await new Promise((r) => setTimeout(r, 1_000));
    for (const x of [b, c]) x.destroy();
    await new Promise((r) => setTimeout(r, 500));
    const fresh = on(servers[1]!, 'leader1');
    await synced(fresh);
    const text = noteOf(fresh.doc, id).toString();
    for (let k = 0; k < 120; k++) {
      expect(text).toContain(`b${k};`);
      expect(text).toContain(`c${k};`);
    }
  });
});
