/**
 * Client-side faults: a client process frozen with SIGSTOP and resumed converges; a reader too
 * slow to take its updates is dropped past the send-buffer cap without slowing anyone else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import type { RunningServer } from '../server/server';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, startTestServer, wsUrl } from './helpers/server';
import { synced, until, yclient, type YClient } from './helpers/yclient';

let redis: TestRedis;
let server: RunningServer;
let docName: string;
const clients: YClient[] = [];
const procs: ChildProcess[] = [];
const root = path.resolve(import.meta.dirname, '..');

const noteOf = (c: YClient, id: string) => c.doc.getMap<Y.Map<unknown>>('targets').get(id)!.get('note') as Y.Text;

function lines(proc: ChildProcess): { next(prefix: string, timeoutMs?: number): Promise<string> } {
  let buf = '';
  const waiters: { prefix: string; resolve: (l: string) => void }[] = [];
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.findIndex((x) => line.startsWith(x.prefix));
      if (w >= 0) waiters.splice(w, 1)[0]!.resolve(line);
    }
  });
  return {
    next: (prefix, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        waiters.push({ prefix, resolve });
        setTimeout(() => reject(new Error(`no "${prefix}" line in time`)), timeoutMs).unref();
      }),
  };
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { wsSendBuffer: 256 * 1024 });
  docName = sheetDocName('g1', dayInZone(new Date(), server.ctx.config.dayZone));
});

afterAll(async () => {
  for (const p of procs) p.kill('SIGKILL');
  for (const c of clients) c.destroy();
  await server.close();
  await redis.cleanup();
});

describe('client faults', () => {
  it('a client frozen with SIGSTOP while others edit converges after SIGCONT, and its own edits arrive', async () => {
    const { token } = await login(server.url, 'inspector1b');
    const live = yclient(server.url, docName, (await login(server.url, 'inspector1a')).token);
    clients.push(live);
    await synced(live);
    const id = [...live.doc.getMap('targets').keys()].sort()[0]!;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/frozenClient.ts', wsUrl(server.url), docName, token, id], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    procs.push(proc);
    const out = lines(proc);
    await out.next('ready');
    proc.stdin!.write('type:<typed-before-freeze>\n');
    await until(() => noteOf(live, id).toString().includes('<typed-before-freeze>'));
    proc.kill('SIGSTOP');
    for (let i = 0; i < 50; i++) noteOf(live, id).insert(noteOf(live, id).length, `(${i})`);
    await new Promise((r) => setTimeout(r, 1_000));
    proc.kill('SIGCONT');
    proc.stdin!.write('type:<typed-after-resume>\n');
    await until(() => noteOf(live, id).toString().includes('<typed-after-resume>'), 20_000, 'resumed client’s edit');
    const expected = noteOf(live, id).toString();
    for (let attempt = 0; ; attempt++) {
      proc.stdin!.write('dump\n');
      const got = JSON.parse((await out.next('note:')).slice(5)) as string;
      if (got === expected) break;
      if (attempt > 100) expect(got).toBe(expected);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('a reader that stops reading is dropped past the send-buffer cap, and the others keep up', { timeout: 60_000 }, async () => {
    const { token } = await login(server.url, 'leader1');
    const writer = yclient(server.url, docName, (await login(server.url, 'inspector1a')).token);
    const other = yclient(server.url, docName, (await login(server.url, 'inspector1b')).token);
    clients.push(writer, other);
    await Promise.all([synced(writer), synced(other)]);
    const slow = new WebSocket(`${wsUrl(server.url)}/${encodeURIComponent(docName)}?token=${token}`);
    await new Promise<void>((resolve) => slow.on('open', () => resolve()));
    slow.on('error', () => undefined);
    const connections = () => server.ctx.sync!.connectionCount;
    const before = connections();
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const id = [...writer.doc.getMap('targets').keys()].sort()[1]!;
    const chunk = 'x'.repeat(200 * 1024);
    let k = 0;
    const started = Date.now();
    while (connections() === before && Date.now() - started < 45_000) {
      noteOf(writer, id).insert(0, `${k++}${chunk}`);
      const marker = `${k - 1}x`;
      // Every round the other peer must get the edit promptly: the slow one holds nobody up.
      await until(() => noteOf(other, id).toString().startsWith(marker), 5_000, 'the other peer to keep up');
      if (noteOf(writer, id).length > 4_000_000) noteOf(writer, id).delete(1_000_000, noteOf(writer, id).length - 1_000_000);
    }
    // The server dropped exactly the slow reader; writer and other are still connected.
    expect(connections()).toBe(before - 1);
    expect(writer.provider.wsconnected && other.provider.wsconnected).toBe(true);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/suicha_sync_closed_total\{reason="slow_reader"\} 1/);
  });
});
