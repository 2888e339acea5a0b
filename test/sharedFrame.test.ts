/** A relay framed once and written to many sockets arrives as the exact message, at every length encoding. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SharedFrame } from '../server/sync/sharedFrame';

let wss: WebSocketServer;
const serverSide: WebSocket[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws) => serverSide.push(ws));
  await once(wss, 'listening');
});

afterAll(async () => {
  for (const ws of serverSide) ws.terminate();
  await new Promise((r) => wss.close(r));
});

async function clients(n: number, perMessageDeflate = false): Promise<{ ws: WebSocket; got: Buffer[] }[]> {
  const port = (wss.address() as AddressInfo).port;
  const out = await Promise.all(
    Array.from({ length: n }, async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate });
      const got: Buffer[] = [];
      ws.on('message', (d: Buffer, isBinary: boolean) => {
        expect(isBinary).toBe(true);
        got.push(d);
      });
      await once(ws, 'open');
      return { ws, got };
    }),
  );
  while (serverSide.length < n) await new Promise((r) => setTimeout(r, 5));
  return out;
}

describe('SharedFrame', () => {
  it('delivers the same bytes to every socket, for 7-bit, 16-bit and 64-bit payload lengths', async () => {
    const cs = await clients(3);
    const sizes = [0, 1, 125, 126, 65_535, 65_536, 200_000];
    const messages = sizes.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff));
    for (const m of messages) {
      // A view into a larger buffer, as lib0's encoders hand out.
      const padded = new Uint8Array(m.length + 8);
      padded.set(m, 4);
      const f = new SharedFrame(padded.subarray(4, 4 + m.length));
      for (const ws of serverSide) f.writeTo(ws);
    }
    for (const c of cs) {
      while (c.got.length < messages.length) await new Promise((r) => setTimeout(r, 5));
      expect(c.got.map((b) => b.length)).toEqual(sizes);
      c.got.forEach((b, k) => expect(Buffer.compare(b, Buffer.from(messages[k]!))).toBe(0));
      c.ws.close();
    }
    serverSide.length = 0;
  });

  it('interleaves with ordinary sends in order', async () => {
    const [c] = await clients(1);
    const ws = serverSide[0]!;
    new SharedFrame(Uint8Array.of(1)).writeTo(ws);
    ws.send(Uint8Array.of(2));
    new SharedFrame(Uint8Array.of(3)).writeTo(ws);
    while (c!.got.length < 3) await new Promise((r) => setTimeout(r, 5));
    expect(c!.got.map((b) => b[0])).toEqual([1, 2, 3]);
    c!.ws.close();
    serverSide.length = 0;
  });
});

describe('SharedFrame with permessage-deflate negotiated', () => {
  it('leaves framing to ws, so the compressed stream stays valid', async () => {
    const z = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: { threshold: 0 } });
    await once(z, 'listening');
    const conn = once(z, 'connection');
    const ws = new WebSocket(`ws://127.0.0.1:${(z.address() as AddressInfo).port}`, { perMessageDeflate: true });
    const got: Buffer[] = [];
    ws.on('message', (d: Buffer) => got.push(d));
    await once(ws, 'open');
    const [server] = (await conn) as [WebSocket];
    expect(server.extensions).toContain('permessage-deflate');
    const big = new Uint8Array(10_000).fill(7);
    new SharedFrame(big).writeTo(server);
    new SharedFrame(Uint8Array.of(9)).writeTo(server);
    while (got.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(Buffer.compare(got[0]!, Buffer.from(big))).toBe(0);
    expect([...got[1]!]).toEqual([9]);
    ws.close();
    server.terminate();
    await new Promise((r) => z.close(r));
  });
});
