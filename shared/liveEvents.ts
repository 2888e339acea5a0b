/**
 * socket.io events from server to clients, declared once and imported by both sides. Rooms:
 * `county` (command centre and county office: everything), `group:<id>` (that group's leader and
 * members), `unit:<id>` (a responsible unit).
 */
export const LiveRoom = {
  county: 'county',
  group: (groupId: string) => `group:${groupId}`,
  unit: (unitId: string) => `unit:${unitId}`,
} as const;

import type { CoverageEvents } from './coverage/events';
import type { PositionClientEvents, PositionServerEvents } from './coverage/positions';
import type { LedgerEvents } from './problems/events';

/** Handlers the server may emit; each feed declares its events in its own file. */
export interface ServerToClientEvents extends CoverageEvents, LedgerEvents, PositionServerEvents {
  /** Sent once on connect: which rooms the server put this socket in. */
  welcome: (info: { rooms: string[]; instance: string }) => void;
}

export interface ClientToServerEvents extends PositionClientEvents {
  /** Asks for the current state of a feed (after a reconnect): no replay of past events. */
  resync: (feed: string, ack: (ok: boolean) => void) => void;
}
