/**
 * The /yjs endpoint with stock y-websocket clients, a real Redis and our real server.
 * Rule ids refer to docs/SPEC.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import { CloseCode, MessageType, SyncStep } from '../shared/syncProtocol';
import { binary } from '../server/redis/connect';
import { RedisDocStore } from '../server/sync/redisDocStore';
import type { RunningServer } from '../server/server';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, startTestServer, wsUrl } from './helpers/server';
import { synced, until, yclient, type YClient } from './helpers/yclient';

let redis: TestRedis;
let server: RunningServer;
let today: string;
let doc1: string;
const tokens: Record<string, string> = {};
const clients: YClient[] = [];

function client(user: string, docName = doc1): YClient {
  const c = yclient(server.url, docName, tokens[user]!);
  clients.push(c);
  return c;
}

function note(c: YClient, targetId: string): Y.Text {
  const t = c.doc.getMap<Y.Map<unknown>>('targets').get(targetId);
  if (!t) throw new Error(`no target ${targetId}`);
  return t.get('note') as Y.Text;
}

/** The document as Redis holds it: snapshot plus stream, rebuilt without the server. */
async function storedDoc(): Promise<Y.Doc> {
  const l = await new RedisDocStore(binary(server.ctx.redis)).load(doc1);
  const d = new Y.Doc();
  if (l.snapshot) Y.applyUpdate(d, l.snapshot);
  for (const e of l.entries) Y.applyUpdate(d, e.update);
  return d;
}

function noteInRedis(d: Y.Doc, id: string): string {
  return (d.getMap<Y.Map<unknown>>('targets').get(id)!.get('note') as Y.Text).toString();
}

function firstTargetId(c: YClient): string {
  return [...c.doc.getMap('targets').keys()].sort()[0]!;
}

/** Raw WebSocket upgrade; resolves with the HTTP status of a refusal, or 101 when it opens. */
function upgradeStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + path, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

function rawSocket(docName: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl(server.url)}/${encodeURIComponent(docName)}?token=${token}`);
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { wsMaxFrame: 64 * 1024 });
  today = dayInZone(new Date(), server.ctx.config.dayZone);
  doc1 = sheetDocName('g1', today);
  for (const u of ['inspector1a', 'inspector1b', 'leader1', 'command', 'admin', 'inspector2a', 'unit1']) {
    tokens[u] = (await login(server.url, u)).token;
  }
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  await redis.cleanup();
});

describe('sync between stock y-websocket clients', () => {
  it('[SY1] two inspectors of one group see today’s targets and converge on each other’s edits', async () => {
    const a = client('inspector1a');
    const b = client('inspector1b');
    await Promise.all([synced(a), synced(b)]);
    expect(a.doc.getMap('targets').size).toBeGreaterThanOrEqual(32);
    const id = firstTargetId(a);
    a.doc.getMap<Y.Map<unknown>>('targets').get(id)!.get('answers');
    (a.doc.getMap<Y.Map<unknown>>('targets').get(id)!.get('answers') as Y.Map<unknown>).set('knows_situation', 'yes');
    await until(() => (b.doc.getMap<Y.Map<unknown>>('targets').get(id)!.get('answers') as Y.Map<unknown>).get('knows_situation') === 'yes');
    a.destroy();
    b.destroy();
  });

  it('[SY2] two people typing in the same note at once both keep their words', async () => {
    const a = client('inspector1a');
    const b = client('leader1');
    await Promise.all([synced(a), synced(b)]);
    const id = firstTargetId(a);
    // Both type before either sees the other: a true conflict at the same position.
    a.provider.disconnect();
    b.provider.disconnect();
    note(a, id).insert(0, '户主在家,');
    note(b, id).insert(0, '门窗干净。');
    a.provider.connect();
    b.provider.connect();
    await until(() => note(a, id).toString() === note(b, id).toString() && note(a, id).length >= 10, 10_000, 'convergence');
    expect(note(a, id).toString()).toContain('户主在家,');
    expect(note(a, id).toString()).toContain('门窗干净。');
  });

  it('[SY3] a read-only client (command) receives edits but its own changes are never applied, relayed or stored', async () => {
    const w = client('inspector1b');
    const r = client('command');
    await Promise.all([synced(w), synced(r)]);
    const id = firstTargetId(w);
    note(r, id).insert(0, 'COMMAND-WROTE-THIS');
    note(w, id).insert(0, 'inspector-wrote-this ');
    await until(() => note(r, id).toString().includes('inspector-wrote-this'));
    // Give the server time to (wrongly) relay the read-only edit.
    await new Promise((res) => setTimeout(res, 300));
    expect(note(w, id).toString()).not.toContain('COMMAND-WROTE-THIS');
    expect(noteInRedis(await storedDoc(), id)).not.toContain('COMMAND-WROTE-THIS');
    expect(noteInRedis(await storedDoc(), id)).toContain('inspector-wrote-this');
  });

  it('[SY4] an update is in the Redis stream before a peer sees it', async () => {
    const a = client('inspector1a');
    const b = client('inspector1b');
    await Promise.all([synced(a), synced(b)]);
    const id = firstTargetId(a);
    const marker = `marker-${Date.now()}`;
    let storedWhenSeen: boolean | null = null;
    // Read Redis itself (snapshot + stream), not the server's in-memory doc.
    const check = async () => {
      storedWhenSeen = noteInRedis(await storedDoc(), id).includes(marker);
    };
    const seen = new Promise<void>((resolve) => {
      note(b, id).observe(() => {
        if (note(b, id).toString().includes(marker) && storedWhenSeen === null) void check().then(resolve);
      });
    });
    note(a, id).insert(0, marker);
    await seen;
    expect(storedWhenSeen).toBe(true);
  });
});

describe('refusals at upgrade, before the socket opens', () => {
  it('[AU1] no token → 401', async () => {
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(doc1)}`)).toBe(401);
  });
  it('[AU2] an invalid token → 401', async () => {
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(doc1)}?token=not-a-real-token-at-all-xxxxxxxx`)).toBe(401);
  });
  it('[AU3] another group’s sheet → 403; a unit user → 403', async () => {
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(doc1)}?token=${tokens.inspector2a}`)).toBe(403);
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(doc1)}?token=${tokens.unit1}`)).toBe(403);
  });
  it('[AU4] path tricks and unknown document names → 400', async () => {
    for (const name of ['../etc/passwd', 'sheet:g1:2026-13-40', 'sheet:g1', 'sheet:../g1:2026-01-01', 'doc:{x}:stream']) {
      expect(await upgradeStatus(`/yjs/${encodeURIComponent(name)}?token=${tokens.inspector1a}`)).toBe(400);
    }
  });
  it('[AU5] a sheet that was never created → 404', async () => {
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(sheetDocName('g1', '2001-01-01'))}?token=${tokens.inspector1a}`)).toBe(404);
  });
  it('[AU6] the session cookie authenticates like the token', async () => {
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(doc1)}`, { cookie: `suicha_session=${tokens.leader1}` })).toBe(101);
  });
  it('[AU7] after logout the token no longer opens a socket and open ones are closed', async () => {
    const t = (await login(server.url, 'inspector1b')).token;
    const ws = await rawSocket(doc1, t);
    const done = closed(ws);
    const res = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
    expect(res.status).toBe(204);
    expect((await done).code).toBe(CloseCode.sessionEnded);
    expect(await upgradeStatus(`/yjs/${encodeURIComponent(doc1)}?token=${t}`)).toBe(401);
  });
});

describe('bad frames close that connection alone and lose nothing', () => {
  it('[BF1] random bytes, truncated messages and unknown types are closed with a reason', async () => {
    const witness = client('leader1');
    await synced(witness);
    const id = firstTargetId(witness);
    const before = note(witness, id).toString();
    const bad: Uint8Array[] = [
      new Uint8Array([]),
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([MessageType.sync]),
      new Uint8Array([MessageType.sync, SyncStep.update, 0xff, 0xff, 0xff, 0x7f, 1, 2]),
      new Uint8Array([9]),
      (() => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MessageType.sync);
        encoding.writeVarUint(e, SyncStep.update);
        encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 7, 7, 7, 7]));
        return encoding.toUint8Array(e);
      })(),
    ];
    for (const frame of bad) {
      const ws = await rawSocket(doc1, tokens.inspector1a!);
      const done = closed(ws);
      ws.send(frame);
      const { code, reason } = await done;
      expect(code).toBe(CloseCode.malformed);
      expect(reason.length).toBeGreaterThan(0);
    }
    // The witness is still connected, and the document is intact and still editable.
    expect(witness.provider.wsconnected).toBe(true);
    expect(note(witness, id).toString()).toBe(before);
    const other = client('inspector1a');
    await synced(other);
    note(witness, id).insert(0, 'still-works ');
    await until(() => note(other, id).toString().startsWith('still-works '));
  });

  it('[BF2] a frame over the cap is closed with 1009 and the document is untouched', async () => {
    const ws = await rawSocket(doc1, tokens.inspector1a!);
    const done = closed(ws);
    ws.send(new Uint8Array(70 * 1024));
    expect((await done).code).toBe(CloseCode.tooLarge);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('[BF3] text frames are refused', async () => {
    const ws = await rawSocket(doc1, tokens.inspector1a!);
    const done = closed(ws);
    ws.send('hello');
    expect((await done).code).toBe(CloseCode.malformed);
  });
});

describe('awareness', () => {
  it('[AW1] presence crosses clients and is removed when a client leaves', async () => {
    const a = client('inspector1a');
    const b = client('inspector1b');
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { id: 'inspector1a', name: 'A' });
    a.provider.awareness.setLocalStateField('targetId', 'x');
    await until(() => [...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { id: string } }).user?.id === 'inspector1a'));
    a.destroy();
    await until(() => ![...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { id: string } }).user?.id === 'inspector1a'));
  });
});
