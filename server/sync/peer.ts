import type { SharedFrame } from './sharedFrame';

/** The socket-like end of one client connection, as a room sees it. */
export interface Peer {
  readonly id: string;
  readonly userId: string;
  /** Read-only peers get every update but none of theirs is applied, relayed or stored. */
  readonly readOnly: boolean;
  send(message: Uint8Array): void;
  /** The same message to many peers (a relay): framed once, written to each. */
  sendShared(frame: SharedFrame): void;
  close(code: number, reason: string): void;
}
