/**
 * Presence across instances. Each instance publishes its local peers' awareness changes for a
 * document on a Redis channel, batched per document every `flushMs` and capped in size; other
 * instances apply them to their copy of the document's awareness, which relays them to their
 * peers. States of a crashed instance expire by y-protocols' own 30 s timeout.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import type { DocRoom } from './room';
import type { RoomLifecycle } from './rooms';

/** Origin of awareness changes that came from another instance (never republished). */
export const REMOTE_AWARENESS = Symbol('remote-awareness');

const channel = (docName: string) => `aw:{${docName}}`;

export interface AwarenessRelayOptions {
  flushMs: number;
  /** Awareness clients per published batch; the rest wait for the next flush. */
  maxClientsPerBatch: number;
}

export class AwarenessRelay implements RoomLifecycle {
  private readonly pending = new Map<DocRoom, Set<number>>();
  private readonly byChannel = new Map<string, DocRoom>();
  private readonly listeners = new Map<DocRoom, (c: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly instanceId: string,
    private readonly log: Logger,
    private readonly opts: AwarenessRelayOptions = { flushMs: 50, maxClientsPerBatch: 64 },
  ) {}

  opened(room: DocRoom): void {
    const ch = channel(room.name);
    this.byChannel.set(ch, room);
    const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === REMOTE_AWARENESS) return;
      let set = this.pending.get(room);
      if (!set) this.pending.set(room, (set = new Set()));
      for (const id of [...added, ...updated, ...removed]) set.add(id);
      this.schedule();
    };
    this.listeners.set(room, onChange);
    room.awareness.on('update', onChange);
    this.sub.subscribe(ch, (message: Buffer) => this.receive(ch, message), true).catch((err: unknown) => {
      this.log.warn('awareness.subscribe_failed', { doc: room.name, err });
    });
  }

  closed(room: DocRoom): void {
    const ch = channel(room.name);
    if (this.byChannel.get(ch) === room) this.byChannel.delete(ch);
    // The last peers' removals are still pending: publish them before forgetting the room.
    const ids = this.pending.get(room);
    if (ids) this.publish(room, [...ids]);
    this.pending.delete(room);
    const l = this.listeners.get(room);
    if (l) room.awareness.off('update', l);
    this.listeners.delete(room);
    this.sub.unsubscribe(ch).catch(() => undefined);
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.opts.flushMs);
    this.timer.unref();
  }

  private flush(): void {
    for (const [room, ids] of this.pending) {
      const batch = [...ids].slice(0, this.opts.maxClientsPerBatch);
      for (const id of batch) ids.delete(id);
      if (ids.size === 0) this.pending.delete(room);
      else this.schedule();
      this.publish(room, batch);
    }
  }

  private publish(room: DocRoom, clients: number[]): void {
    const enc = encoding.createEncoder();
    encoding.writeVarString(enc, this.instanceId);
    encoding.writeVarUint8Array(enc, awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients));
    this.pub.publish(channel(room.name), Buffer.from(encoding.toUint8Array(enc))).catch((err: unknown) => {
      // Presence is ephemeral: a lost batch is refreshed by the client's next heartbeat (15 s).
      this.log.debug('awareness.publish_failed', { doc: room.name, err });
    });
  }

  private receive(ch: string, message: Buffer): void {
    const room = this.byChannel.get(ch);
    if (!room) return;
    try {
      const dec = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      if (decoding.readVarString(dec) === this.instanceId) return;
      awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(dec), REMOTE_AWARENESS);
    } catch (err) {
      this.log.warn('awareness.bad_message', { doc: room.name, err });
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
