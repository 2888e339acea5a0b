/**
 * One open sheet: its Y.Doc, the WebSocket provider (server sync + awareness) and the IndexedDB
 * copy that makes it work offline and across reloads. Exposes the connection state reactively:
 *
 *   online   connected and synced with the server
 *   syncing  connected (or first connecting) but not yet synced
 *   offline  not connected; edits are kept locally and counted in `unsent`
 *
 * `unsent` counts local transactions made while not connected-and-synced; it resets when the
 * provider is connected and synced again (the sync exchange carries them to the server).
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../../../shared/syncProtocol';

export type ConnState = 'online' | 'syncing' | 'offline';

/** Why the server closed the socket for good (no automatic reconnect). */
export type ClosedReason = { kind: 'unauthorized' } | { kind: 'forbidden' } | { kind: 'other'; code: number; reason: string };

/** Close codes after which reconnecting cannot help; anything else (rate limit, slow reader, storage) retries. */
const TERMINAL_CODES: ReadonlySet<number> = new Set([CloseCode.unauthorized, CloseCode.forbidden, CloseCode.sessionEnded, CloseCode.malformed]);

export function syncUrl(loc: Location = window.location): string {
  return (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + '/yjs';
}

function closedReason(code: number, reason: string): ClosedReason {
  switch (code) {
    case CloseCode.unauthorized:
    case CloseCode.sessionEnded:
      return { kind: 'unauthorized' };
    case CloseCode.forbidden:
      return { kind: 'forbidden' };
    default:
      return { kind: 'other', code, reason };
  }
}

export class SheetSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly local: IndexeddbPersistence;

  status = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
  synced = $state(false);
  /** The IndexedDB copy has been loaded into the doc (the sheet can show offline). */
  localLoaded = $state(false);
  unsent = $state(0);
  closed = $state.raw<ClosedReason | null>(null);
  /** A connection attempt failed or dropped; later attempts count as offline, not syncing. */
  #attemptFailed = $state(false);

  connState: ConnState = $derived.by(() => {
    if (this.status === 'connected') return this.synced ? 'online' : 'syncing';
    if (this.status === 'connecting' && !this.#attemptFailed && !this.closed) return 'syncing';
    return 'offline';
  });

  /** The doc has content to show: from the server or from this device. */
  ready = $derived(this.synced || this.localLoaded);

  constructor(readonly docName: string) {
    this.local = new IndexeddbPersistence(docName, this.doc);
    void this.local.whenSynced.then(() => {
      this.localLoaded = true;
    });

    this.provider = new WebsocketProvider(syncUrl(), docName, this.doc, {
      shouldReconnect: (event) => !TERMINAL_CODES.has(event.code),
    });
    this.provider.on('status', this.#onStatus);
    this.provider.on('sync', this.#onSync);
    this.provider.on('closed', this.#onClosed);
    // A socket that never opened emits no 'disconnected' status, only a close.
    this.provider.on('connection-close', this.#onConnectionClose);
    this.doc.on('update', this.#onUpdate);
    window.addEventListener('offline', this.#onBrowserOffline);
  }

  /**
   * The browser lost its network: a socket can hang silently for a long time after that, so
   * drop it now. The provider keeps retrying (with backoff) and resyncs when the network is back.
   */
  #onBrowserOffline = (): void => {
    this.provider.ws?.close();
  };

  #onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    if (status === 'disconnected') this.#attemptFailed = true;
    if (status === 'connected') this.#attemptFailed = false;
    this.status = status;
    this.synced = this.provider.synced;
  };

  #onSync = (isSynced: boolean): void => {
    this.synced = isSynced;
    if (isSynced && this.provider.wsconnected) this.unsent = 0;
  };

  #onConnectionClose = (): void => {
    if (!this.provider.wsconnected) this.#attemptFailed = true;
  };

  #onClosed = (event: { code: number; reason: string }): void => {
    this.closed = closedReason(event.code, event.reason);
    console.warn('sheet: server closed the sync socket', { doc: this.docName, ...event });
  };

  #onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || origin === this.local) return;
    if (!(this.provider.wsconnected && this.provider.synced)) this.unsent++;
  };

  /** Try again after a terminal close (e.g. after logging in again in another tab). */
  reconnect(): void {
    this.closed = null;
    this.provider.connect();
  }

  destroy(): void {
    window.removeEventListener('offline', this.#onBrowserOffline);
    this.doc.off('update', this.#onUpdate);
    this.provider.off('status', this.#onStatus);
    this.provider.off('sync', this.#onSync);
    this.provider.off('closed', this.#onClosed);
    this.provider.off('connection-close', this.#onConnectionClose);
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }
}
