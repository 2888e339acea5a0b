/**
 * The ledger's socket.io events (problem changes, sign-offs, summaries) for the pages that show
 * them. The pages reload what they show on (re)connect, so a missed event costs nothing;
 * socket.io-client is imported dynamically, only by pages that listen.
 */
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/liveEvents';
import type { DebriefSignedEvent, SummaryReadyEvent } from '../../../../shared/problems/events';
import type { ProblemView } from '../../../../shared/problems/types';

export interface LedgerHandlers {
  problem?(p: ProblemView): void;
  signed?(e: DebriefSignedEvent): void;
  summary?(e: SummaryReadyEvent): void;
  /** Called on every reconnect after the first: reload, events may have been missed. */
  reconnected?(): void;
}

export interface LedgerFeed {
  close(): void;
}

export function connectLedgerFeed(h: LedgerHandlers): LedgerFeed {
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  let closed = false;
  void import('socket.io-client').then(({ io }) => {
    if (closed) return;
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', withCredentials: true });
    socket = s;
    let welcomed = false;
    s.on('welcome', () => {
      if (welcomed) h.reconnected?.();
      welcomed = true;
    });
    if (h.problem) s.on('problem:changed', h.problem);
    if (h.signed) s.on('debrief:signed', h.signed);
    if (h.summary) s.on('summary:ready', h.summary);
  });
  return {
    close() {
      closed = true;
      socket?.removeAllListeners();
      socket?.close();
    },
  };
}
