/**
 * socket.io for live server → client feeds. Authenticated like the API (cookie or
 * `auth: {token}`); each socket joins only the rooms its role may see. With a Redis adapter,
 * an emit on one instance reaches sockets on every instance.
 */
import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { LiveRoom, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/liveEvents';
import type { PublicUser } from '../../shared/roles';
import { tokenFromRequest, type Authenticator } from '../auth/authenticate';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { user: PublicUser; token: string }>;
export type LiveSocket = Parameters<Parameters<LiveServer['on']>[1]>[0];

export function roomsFor(user: PublicUser): string[] {
  switch (user.role) {
    case 'admin':
    case 'command':
      return [LiveRoom.county];
    case 'leader':
    case 'inspector':
      return user.groupId ? [LiveRoom.group(user.groupId)] : [];
    case 'unit':
      return user.unitId ? [LiveRoom.unit(user.unitId)] : [];
  }
}

export interface LiveDeps {
  auth: Authenticator;
  redis: Redis;
  log: Logger;
  instanceId: string;
  /** Feeds register here to answer a client's `resync` with their current state. */
  resync?: Map<string, (socket: Parameters<Parameters<LiveServer['on']>[1]>[0]) => Promise<void>>;
}

/** What feeds hook into: `resync(feed)` answers, and handlers for events a client sends. */
export interface LiveHooks {
  resync: Map<string, (socket: LiveSocket) => Promise<void>>;
  /** Called with every new socket (after auth, rooms joined), to add its event handlers. */
  connections: Set<(socket: LiveSocket) => void>;
}

export async function createLiveServer(
  http: HttpServer,
  deps: LiveDeps,
): Promise<LiveHooks & { io: LiveServer; close(): Promise<void> }> {
  // Feeds started after the server may register their resync handler in the returned map.
  const resync = deps.resync ?? new Map<string, (socket: LiveSocket) => Promise<void>>();
  const connections = new Set<(socket: LiveSocket) => void>();
  const io: LiveServer = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: false },
    // /yjs upgrades are ours: engine.io must not end sockets on paths it does not own.
    destroyUpgrade: false,
  });
  const pub = deps.redis.duplicate();
  const sub = deps.redis.duplicate();
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: 'io' }));

  io.use(async (socket, next) => {
    try {
      const authToken = (socket.handshake.auth as { token?: unknown })?.token;
      const token = typeof authToken === 'string' ? authToken : tokenFromRequest(socket.request);
      const user = await deps.auth.userFor(token);
      if (!user || !token) return next(new Error('unauthorized'));
      socket.data.user = user;
      socket.data.token = token;
      next();
    } catch {
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    const rooms = roomsFor(socket.data.user);
    void socket.join(rooms);
    for (const hook of connections) hook(socket);
    socket.emit('welcome', { rooms, instance: deps.instanceId });
    socket.on('resync', (feed, ack) => {
      const handler = typeof feed === 'string' ? resync.get(feed) : undefined;
      if (typeof ack !== 'function') return;
      if (!handler) return ack(false);
      handler(socket).then(
        () => ack(true),
        (err: unknown) => {
          deps.log.warn('live.resync_failed', { feed, err });
          ack(false);
        },
      );
    });
  });

  return {
    io,
    resync,
    connections,
    async close() {
      await io.close();
      await Promise.all([pub.close(), sub.close()].map((p) => p.catch(() => undefined)));
    },
  };
}
