/**
 * Follows the streams of every document loaded on this instance with one blocking XREAD, so an
 * update stored by another instance reaches our peers, and so each room knows how far the stream
 * is covered (what compaction may trim).
 */
import type { BinaryRedis, Redis } from '../redis/connect';
import { docKeys } from '../redis/keys';
import type { Logger } from '../logger';
import { compareIds, type DocStore } from './docStore';
import type { DocRoom } from './room';

const BLOCK_MS = 5000;
const BATCH = 500;

type XReadReply = { name: Buffer | string; messages: { id: Buffer | string; message: Record<string, Buffer | string> }[] }[] | null;

const str = (v: Buffer | string) => (Buffer.isBuffer(v) ? v.toString('latin1') : v);

export class StreamFollower {
  private running = false;
  private blockedClientId: number | null = null;
  private wakeWaiter: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly reader: BinaryRedis,
    private readonly control: Redis,
    private readonly rooms: () => Iterable<DocRoom>,
    private readonly store: DocStore,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.blockedClientId = Number(await this.reader.clientId());
    this.loop = this.run();
  }

  /** The set of rooms changed: interrupt a blocking read so the next one includes them. */
  wake(): void {
    if (this.wakeWaiter) {
      this.wakeWaiter();
      this.wakeWaiter = null;
      return;
    }
    if (this.blockedClientId !== null && this.control.isReady) {
      this.control.clientUnblock(this.blockedClientId).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Rooms whose stream was trimmed past where we stood may have missed entries: reload them. */
  private async checkTrims(rooms: DocRoom[], before: Map<DocRoom, string>): Promise<void> {
    const live = rooms.filter((r) => !r.closing);
    if (live.length === 0) return;
    const trimmed = await this.store.trimmedBelow(live.map((r) => r.name));
    await Promise.all(
      live.map((room, i) => (compareIds(trimmed[i]!, before.get(room) ?? room.followerPos) > 0 ? room.resyncFromStore() : undefined)),
    );
  }

  private async run(): Promise<void> {
    while (this.running) {
      const rooms = [...this.rooms()].filter((r) => !r.closing);
      if (rooms.length === 0) {
        await new Promise<void>((resolve) => {
          this.wakeWaiter = resolve;
          setTimeout(resolve, BLOCK_MS).unref();
        });
        this.wakeWaiter = null;
        continue;
      }
      const byKey = new Map(rooms.map((r) => [docKeys(r.name).stream, r]));
      const before = new Map(rooms.map((r) => [r, r.followerPos]));
      try {
        if (this.blockedClientId === null) this.blockedClientId = Number(await this.reader.clientId());
        const reply = (await this.reader.xRead(
          rooms.map((r) => ({ key: docKeys(r.name).stream, id: r.followerPos })),
          { BLOCK: BLOCK_MS, COUNT: BATCH },
        )) as unknown as XReadReply;
        const touched: DocRoom[] = [];
        for (const stream of reply ?? []) {
          const room = byKey.get(str(stream.name));
          if (!room) continue;
          touched.push(room);
          for (const m of stream.messages) {
            const u = m.message.u;
            if (!Buffer.isBuffer(u)) continue;
            room.onStreamEntry({
              id: str(m.id),
              update: new Uint8Array(u.buffer, u.byteOffset, u.byteLength),
              origin: m.message.i ? str(m.message.i) : '',
            });
          }
        }
        // A quiet read (timeout) checks every room; otherwise the rooms that just got entries.
        await this.checkTrims(reply ? touched : rooms, before);
      } catch (err) {
        if (!this.running) break;
        this.blockedClientId = null; // a reconnect gives the reader a new client id
        this.log.warn('sync.follow_failed', { err });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
