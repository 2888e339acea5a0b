/**
 * Closing every live connection of one user, on every instance, at once (deactivation, password
 * reset, a changed role or group). Its sessions are revoked first, so nothing reconnects:
 * y-websocket sockets are closed by their own instance (told over Redis pub/sub), socket.io
 * sockets through the adapter, which reaches every instance.
 */
import type { LiveServer } from '../live/io';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import type { SyncServer } from '../sync/wsServer';

const CHANNEL = 'user:close';

interface CloseMessage {
  userId: string;
  reason: string;
}

export interface UserSocketDeps {
  redis: Redis;
  sync?: SyncServer;
  live?: LiveServer;
  log: Logger;
}

export async function closeUserSockets(deps: UserSocketDeps, userId: string, reason: string): Promise<void> {
  deps.sync?.closeUser(userId, reason);
  await deps.redis.publish(CHANNEL, JSON.stringify({ userId, reason } satisfies CloseMessage));
  if (!deps.live) return;
  try {
    for (const s of await deps.live.fetchSockets()) if (s.data.user?.id === userId) s.disconnect(true);
  } catch (err) {
    // An instance that does not answer in time keeps its sockets until they reconnect and fail auth.
    deps.log.warn('users.live_disconnect_failed', { user: userId, err });
  }
}

/** Each instance listens for closes asked by the others. */
export async function listenForUserCloses(redis: Redis, sync: SyncServer, log: Logger): Promise<{ close(): Promise<void> }> {
  const sub = redis.duplicate();
  sub.on('error', () => undefined); // the main client logs Redis outages
  await sub.connect();
  await sub.subscribe(CHANNEL, (raw) => {
    try {
      const m = JSON.parse(raw) as CloseMessage;
      sync.closeUser(m.userId, m.reason);
    } catch (err) {
      log.warn('users.close_message_bad', { err });
    }
  });
  return {
    async close() {
      await sub.close().catch(() => undefined);
    },
  };
}
