/**
 * The socket.io side of the command centre. On every (re)connect it asks for the current state
 * (`resync('coverage')` → one `coverage:snapshot`), never for a replay of what it missed; deltas
 * follow on the same socket, so they are always newer than the snapshot before them.
 * socket.io-client is imported here, dynamically, so only the map page loads it.
 */
import type { Socket } from 'socket.io-client';
import { COVERAGE_FEED } from '../../../../shared/coverage/events';
import { POSITION_EVENT, type ReportedPosition } from '../../../../shared/coverage/positions';
import type { CoverageDelta, CoverageSnapshot } from '../../../../shared/coverage/types';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/liveEvents';

export type FeedStatus = 'connecting' | 'live' | 'offline' | 'denied';

export interface FeedHandlers {
  snapshot(s: CoverageSnapshot): void;
  delta(d: CoverageDelta): void;
  /** A member reported where they are (members' positions ride the same socket and rooms). */
  position(p: ReportedPosition): void;
  status(s: FeedStatus): void;
}

export interface LiveFeed {
  /** Asks again for the current state (e.g. after a delta named a group we did not know). */
  resync(): void;
  close(): void;
}

export async function connectFeed(h: FeedHandlers): Promise<LiveFeed> {
  const { io } = await import('socket.io-client');
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', withCredentials: true });
  const resync = () =>
    socket.emit('resync', COVERAGE_FEED, (ok) => {
      if (!ok) h.status('denied');
    });
  h.status('connecting');
  // `welcome` comes after the server has put the socket in its rooms: from then on no delta is missed.
  socket.on('welcome', () => {
    h.status('live');
    resync();
  });
  socket.on('coverage:snapshot', (s) => h.snapshot(s));
  socket.on('coverage:delta', (d) => h.delta(d));
  socket.on(POSITION_EVENT, (p) => h.position(p));
  socket.on('disconnect', (reason) => {
    h.status('offline');
    // socket.io retries by itself after a network drop, not after the server closed the socket
    // (a restart, or an ended session): try once more; an ended session then says 'unauthorized'.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 2_000);
  });
  socket.on('connect_error', (err) => h.status(err.message === 'unauthorized' ? 'denied' : 'offline'));
  return {
    resync,
    close: () => {
      socket.removeAllListeners();
      socket.close();
    },
  };
}
