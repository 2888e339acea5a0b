/** Stock y-websocket clients in Node, as a phone or laptop would run them. */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { wsUrl } from './server';

export interface YClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function yclient(baseUrl: string, docName: string, token: string, opts: { connect?: boolean } = {}): YClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl(baseUrl), docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    connect: opts.connect ?? true,
    disableBc: true,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function synced(c: YClient, timeoutMs = 10_000): Promise<void> {
  if (c.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('not synced in time')), timeoutMs);
    const on = (s: boolean) => {
      if (!s) return;
      clearTimeout(t);
      c.provider.off('sync', on);
      resolve();
    };
    c.provider.on('sync', on);
  });
}

/** Polls until `check` holds (CRDT convergence is eventual; assertions wait for it). */
export async function until(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
