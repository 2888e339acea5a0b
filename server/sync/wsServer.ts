/**
 * The /yjs/<docName> endpoint. Thin on purpose: authenticate and authorize at upgrade (refused
 * with an HTTP status before the socket opens), then hand each frame to the document's room.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '../../shared/syncProtocol';
import { parseSheetDocName } from '../../shared/sheet';
import { sheetAccess, type PublicUser, type SheetAccess } from '../../shared/roles';
import { tokenFromRequest, type Authenticator } from '../auth/authenticate';
import type { Logger } from '../logger';
import { SyncError } from './errors';
import type { Peer } from './peer';
import type { RoomManager } from './rooms';
import type { DocRoom } from './room';
import type { SyncMetrics } from '../metrics';

export interface SyncServerOptions {
  maxFrameBytes: number;
  /** Close a peer whose unsent output passes this many bytes (it reads too slowly). */
  maxBufferedBytes: number;
  pingIntervalMs: number;
}

export interface SyncServerDeps {
  auth: Authenticator;
  rooms: RoomManager;
  /**
   * The access this user has to this sheet right now: `none` also for a sheet that was never
   * created. Decided by the sheets service (roles, and e.g. a signed-off day is read-only for
   * inspectors).
   */
  sheetAccess(user: PublicUser, groupId: string, date: string): Promise<SheetAccess | 'missing'>;
  log: Logger;
  metrics?: SyncMetrics;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: STATUS_TEXT[status] ?? 'error', message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

interface Conn {
  ws: WebSocket;
  peer: Peer;
  user: PublicUser;
  token: string;
  docName: string;
  alive: boolean;
}

export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Conn>();
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly deps: SyncServerDeps,
    private readonly opts: SyncServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes });
    this.pinger = setInterval(() => this.ping(), opts.pingIntervalMs);
    this.pinger.unref();
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith('/yjs/')) return; // socket.io and others handle their own paths
      socket.on('error', () => socket.destroy());
      this.upgrade(req, socket, head, url).catch((err: unknown) => {
        this.deps.log.error('sync.upgrade_failed', { err });
        refuse(socket, 503, 'service unavailable');
      });
    });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice('/yjs/'.length));
    } catch {
      return refuse(socket, 400, 'document name is not valid');
    }
    const sheet = parseSheetDocName(docName);
    if (!sheet) return refuse(socket, 400, `unknown document name "${docName.slice(0, 80)}"; expected sheet:<groupId>:<YYYY-MM-DD>`);
    let user: PublicUser | null;
    const token = tokenFromRequest(req, url);
    try {
      user = await this.deps.auth.userFor(token);
    } catch {
      return refuse(socket, 503, 'storage unavailable, retry later');
    }
    if (!user) return refuse(socket, 401, 'login required');
    if (sheetAccess(user, sheet.groupId) === 'none') return refuse(socket, 403, 'no access to this sheet');
    let access: SheetAccess | 'missing';
    try {
      access = await this.deps.sheetAccess(user, sheet.groupId, sheet.date);
    } catch {
      return refuse(socket, 503, 'storage unavailable, retry later');
    }
    if (access === 'missing') return refuse(socket, 404, 'no such sheet');
    if (access === 'none') return refuse(socket, 403, 'no access to this sheet');
    const authed = user;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws, authed, token!, docName, access === 'read'));
  }

  private connect(ws: WebSocket, user: PublicUser, token: string, docName: string, readOnly: boolean): void {
    const log = this.deps.log.child({ doc: docName, user: user.id });
    /** Open and reading fast enough to be sent more; a slow reader is dropped here. */
    const writable = (): boolean => {
      if (ws.readyState !== ws.OPEN) return false;
      if (ws.bufferedAmount > this.opts.maxBufferedBytes) {
        log.warn('sync.slow_reader_closed', { buffered: ws.bufferedAmount });
        this.deps.metrics?.refused('slow_reader');
        ws.close(CloseCode.slowReader, 'client reads too slowly');
        ws.terminate();
        return false;
      }
      return true;
    };
    const peer: Peer = {
      id: randomUUID(),
      userId: user.id,
      readOnly,
      send: (message) => {
        if (writable()) ws.send(message);
      },
      sendShared: (frame) => {
        if (writable()) frame.writeTo(ws);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    const conn: Conn = { ws, peer, user, token, docName, alive: true };
    this.conns.add(conn);
    log.info('sync.connected', { peer: peer.id, readOnly });

    // Frames are handed to the room in arrival order, without waiting for the previous one's
    // store write: appends go out pipelined on one Redis connection and complete in order, so
    // each update is applied (and relayed) in order, right after its own write. Frames that
    // arrive while the room loads wait in `early`.
    let room: DocRoom | null = null;
    let early: Uint8Array[] | null = [];
    const fail = (err: unknown) => {
      // Frames already in flight when we closed fail the same way; report the first only.
      if (ws.readyState !== ws.OPEN) return;
      this.deps.metrics?.refused(err instanceof SyncError ? err.name : 'internal');
      if (err instanceof SyncError) {
        log.warn('sync.peer_closed', { peer: peer.id, code: err.code, reason: err.message });
        ws.close(err.code, err.message);
      } else {
        log.error('sync.peer_failed', { peer: peer.id, err });
        ws.close(1011, 'internal error');
      }
    };
    const handle = (r: DocRoom, bytes: Uint8Array) => {
      if (ws.readyState !== ws.OPEN) return;
      r.handleMessage(peer, bytes).catch(fail);
    };
    // The peer is added even if the socket closed meanwhile, so the close handler's removal
    // unloads the room.
    const roomP = this.deps.rooms.acquire(docName).then((r) => {
      r.addPeer(peer);
      room = r;
      const queued = early ?? [];
      early = null;
      for (const bytes of queued) handle(r, bytes);
      return r;
    });
    roomP.catch((err: unknown) => {
      log.warn('sync.load_failed', { err });
      ws.close(CloseCode.storageUnavailable, 'storage unavailable, retry later');
    });

    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        fail(new SyncError(CloseCode.malformed, 'text frames are not part of the protocol'));
        return;
      }
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      if (room) handle(room, bytes);
      else early?.push(bytes);
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (err) => log.warn('sync.socket_error', { peer: peer.id, err }));
    ws.on('close', (code, reason) => {
      this.conns.delete(conn);
      log.info('sync.disconnected', { peer: peer.id, code, reason: reason.toString() });
      roomP.then((room) => room.removePeer(peer)).catch(() => undefined);
    });
  }

  private ping(): void {
    for (const c of this.conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  /** Closes every connection of a user at once (logout, deactivation). */
  closeUser(userId: string, reason: string): void {
    for (const c of this.conns) if (c.user.id === userId) c.ws.close(CloseCode.sessionEnded, reason);
  }

  /**
   * Closes every connection to a document (e.g. its access changed at sign-off): clients
   * reconnect at once and get the access that now applies.
   */
  closeDoc(docName: string, reason: string): void {
    for (const c of this.conns) if (c.docName === docName) c.ws.close(CloseCode.accessChanged, reason);
  }

  /** Closes the connections opened with one session token (that session logged out). */
  closeSession(token: string, reason: string): void {
    for (const c of this.conns) if (c.token === token) c.ws.close(CloseCode.sessionEnded, reason);
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    for (const c of this.conns) c.ws.close(CloseCode.goingAway, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
