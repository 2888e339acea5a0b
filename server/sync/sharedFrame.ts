/**
 * One WebSocket frame written to many sockets. A relay goes to every peer of a document; through
 * `ws.send` each socket would frame the same bytes again and write header and payload as two
 * corked writes (~15 µs a peer, so ~7 ms for 500 — the fan-out's largest cost). Framed once, each
 * peer costs one socket write.
 */
import type { Duplex } from 'node:stream';
import * as wsModule from 'ws';
import type { WebSocket } from 'ws';

// `Sender.frame` is ws's own framing (exported, not in @types/ws).
type FrameFn = (data: Buffer, options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }) => Buffer[];
const frame = (wsModule as unknown as { Sender: { frame: FrameFn } }).Sender.frame;

const BINARY = 0x2;

export class SharedFrame {
  private framed: Buffer | null = null;

  constructor(readonly message: Uint8Array) {}

  /** The complete binary frame (server → client frames are never masked). */
  get bytes(): Buffer {
    if (!this.framed) {
      const data = Buffer.from(this.message.buffer, this.message.byteOffset, this.message.byteLength);
      const parts = frame(data, { fin: true, rsv1: false, opcode: BINARY, mask: false, readOnly: false });
      this.framed = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    }
    return this.framed;
  }

  /**
   * Writes the frame to an open socket. Only without extensions: with permessage-deflate each
   * socket compresses on its own and ws must frame (and may queue) it, so `ws.send` does it.
   */
  writeTo(ws: WebSocket): void {
    const socket = (ws as unknown as { _socket?: Duplex })._socket;
    if (ws.extensions === '' && socket?.writable) socket.write(this.bytes);
    else ws.send(this.message);
  }
}
