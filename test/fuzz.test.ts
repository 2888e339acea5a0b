/**
 * Hostile input, seeded: random bytes, truncated varints, absurd lengths, corrupted and huge
 * updates, awareness floods, to /yjs and to socket.io. Each offending connection is closed with a
 * reason; the server stays up; the document keeps everything it had and still syncs. A seed that
 * ever fails is kept in REGRESSION_SEEDS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { dayInZone } from '../shared/dates';
import { Random } from '../shared/random';
import { sheetDocName } from '../shared/sheet';
import { CloseCode, MessageType, SyncStep } from '../shared/syncProtocol';
import type { RunningServer } from '../server/server';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, startTestServer, wsUrl } from './helpers/server';
import { synced, until, yclient, type YClient } from './helpers/yclient';

const FRAME_CAP = 64 * 1024;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/** Seeds that once broke something; kept forever as named regression tests. */
const REGRESSION_SEEDS: number[] = [];

let redis: TestRedis;
let server: RunningServer;
let docName: string;
let token: string;
let witness: YClient;
let targetId: string;
const MARKER = 'witness-text-that-must-survive';

function msg(type: number, ...parts: ((e: encoding.Encoder) => void)[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  for (const p of parts) p(e);
  return encoding.toUint8Array(e);
}

/** A real, valid update from a scratch doc: a starting point for corruption. */
function realUpdate(text: string): Uint8Array {
  const d = new Y.Doc();
  d.getMap('scratch').set('k', text);
  return Y.encodeStateAsUpdate(d);
}

type Frame = { kind: string; bytes: Uint8Array; expect: number[] };

function hostileFrame(rng: Random): Frame {
  const malformedOrOk = [CloseCode.malformed, 0];
  switch (rng.int(0, 6)) {
    case 0:
      return { kind: 'random bytes', bytes: Uint8Array.from({ length: rng.int(0, 300) }, () => rng.int(0, 255)), expect: malformedOrOk };
    case 1:
      return { kind: 'truncated varint', bytes: Uint8Array.from({ length: rng.int(1, 12) }, () => 0x80 | rng.int(0, 127)), expect: [CloseCode.malformed] };
    case 2: {
      // Claims a payload of up to 2^32 bytes and carries a handful.
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, rng.pick([SyncStep.step1, SyncStep.step2, SyncStep.update]));
      encoding.writeVarUint(e, rng.int(1_000_000, 4_000_000_000));
      for (let i = 0; i < rng.int(0, 20); i++) encoding.writeUint8(e, rng.int(0, 255));
      return { kind: 'absurd length', bytes: encoding.toUint8Array(e), expect: [CloseCode.malformed] };
    }
    case 3: {
      const u = realUpdate('x'.repeat(rng.int(1, 50)));
      for (let i = 0; i < rng.int(1, 4); i++) u[rng.int(0, u.length - 1)] = rng.int(0, 255);
      // A corrupted update either fails to decode (closed) or is a strange but valid edit.
      return { kind: 'corrupted update', bytes: msg(MessageType.sync, (e) => encoding.writeVarUint(e, SyncStep.update), (e) => encoding.writeVarUint8Array(e, u)), expect: malformedOrOk };
    }
    case 4: {
      const u = realUpdate('y'.repeat(FRAME_CAP + 1000));
      return { kind: 'valid but huge update', bytes: msg(MessageType.sync, (e) => encoding.writeVarUint(e, SyncStep.update), (e) => encoding.writeVarUint8Array(e, u)), expect: [CloseCode.tooLarge] };
    }
    case 5:
      return { kind: 'unknown type', bytes: msg(rng.int(4, 200), (e) => encoding.writeVarUint(e, rng.int(0, 9))), expect: [CloseCode.malformed] };
    default:
      return { kind: 'unknown sync step', bytes: msg(MessageType.sync, (e) => encoding.writeVarUint(e, rng.int(3, 99)), (e) => encoding.writeVarUint8Array(e, new Uint8Array([0, 0]))), expect: [CloseCode.malformed] };
  }
}

function openRaw(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl(server.url)}/${encodeURIComponent(docName)}?token=${token}`);
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

/** Sends frames; resolves with the close code, or 0 if the server kept the connection open. */
async function sendAndWatch(frames: Uint8Array[], waitMs = 300): Promise<{ code: number; reason: string }> {
  const ws = await openRaw();
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, r) => resolve({ code, reason: r.toString() })));
  ws.on('error', () => undefined);
  for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f);
  const res = await Promise.race([closed, new Promise<{ code: number; reason: string }>((r) => setTimeout(() => r({ code: 0, reason: '' }), waitMs))]);
  ws.terminate();
  return res;
}

const noteOf = (c: YClient) => c.doc.getMap<Y.Map<unknown>>('targets').get(targetId)!.get('note') as Y.Text;

async function assertIntact(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  expect(witness.provider.wsconnected).toBe(true);
  expect(noteOf(witness).toString()).toContain(MARKER);
  const fresh = yclient(server.url, docName, token);
  try {
    await synced(fresh);
    expect(noteOf(fresh).toString()).toContain(MARKER);
    const probe = `probe-${Math.random().toString(36).slice(2)}`;
    noteOf(fresh).insert(0, probe);
    await until(() => noteOf(witness).toString().includes(probe), 10_000, 'doc still syncing');
  } finally {
    fresh.destroy();
  }
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { wsMaxFrame: FRAME_CAP });
  docName = sheetDocName('g1', dayInZone(new Date(), server.ctx.config.dayZone));
  token = (await login(server.url, 'inspector1a')).token;
  witness = yclient(server.url, docName, (await login(server.url, 'leader1')).token);
  await synced(witness);
  targetId = [...witness.doc.getMap('targets').keys()].sort()[0]!;
  noteOf(witness).insert(0, MARKER);
  await new Promise((r) => setTimeout(r, 100));
});

afterAll(async () => {
  witness?.destroy();
  await server?.close();
  await redis?.cleanup();
});

describe('fuzzing /yjs', () => {
  it.each([...REGRESSION_SEEDS.map((s) => [`regression seed ${s}`, s] as const), ...SEEDS.map((s) => [`seed ${s}`, s] as const)])(
    '%s: each hostile frame is answered by closing that connection with a reason, and the document survives',
    async (_name, seed) => {
      const rng = new Random(seed);
      for (let i = 0; i < 12; i++) {
        const f = hostileFrame(rng);
        const { code, reason } = await sendAndWatch([f.bytes]);
        expect(f.expect, `${f.kind} (seed ${seed}, frame ${i}) closed with ${code} "${reason}"`).toContain(code);
        if (code !== 0 && code !== CloseCode.tooLarge) expect(reason.length).toBeGreaterThan(0);
      }
      await assertIntact();
    },
  );

  it('an awareness flood is closed with 4429 and the document survives', async () => {
    const d = new Y.Doc();
    const aw = new awarenessProtocol.Awareness(d);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 150; i++) {
      aw.setLocalState({ user: { id: 'x', name: 'n'.repeat(50) }, i });
      frames.push(msg(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [d.clientID]))));
    }
    const { code, reason } = await sendAndWatch(frames, 2000);
    expect(code).toBe(CloseCode.rateLimited);
    expect(reason).toMatch(/awareness/);
    await assertIntact();
  });

  it('an oversized awareness state is refused', async () => {
    const d = new Y.Doc();
    const aw = new awarenessProtocol.Awareness(d);
    aw.setLocalState({ blob: 'z'.repeat(20 * 1024) });
    const frame = msg(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [d.clientID])));
    expect((await sendAndWatch([frame])).code).toBe(CloseCode.rateLimited);
    await assertIntact();
  });
});

describe('fuzzing socket.io', () => {
  it('garbage on the socket.io endpoint closes that socket and the server stays up', async () => {
    const rng = new Random(42);
    for (let i = 0; i < 10; i++) {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers: { authorization: `Bearer ${token}` } });
      ws.on('error', () => undefined);
      await new Promise<void>((resolve) => ws.on('open', () => resolve()));
      const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
      const garbage =
        i % 2 === 0
          ? Buffer.from(Uint8Array.from({ length: rng.int(1, 200) }, () => rng.int(0, 255)))
          : `4${'['.repeat(rng.int(1, 50))}${'x'.repeat(rng.int(0, 100))}`;
      ws.send(garbage);
      ws.send('9'.repeat(70 * 1024)); // beyond maxHttpBufferSize
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
      expect(ws.readyState).toBe(ws.CLOSED);
    }
    await assertIntact();
  });
});
