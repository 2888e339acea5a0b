/** Loads each document once per process, hands out rooms, and unloads them when empty. */
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { DocStore } from './docStore';
import { DocRoom, type RoomOptions } from './room';

export interface RoomManagerEvents {
  roomsChanged(): void;
  compacted?(ms: number): void;
  applied?(ms: number): void;
}

/** Told when a document is loaded here (to attach watchers) and when it is unloaded. */
export interface RoomLifecycle {
  opened(room: DocRoom): void;
  closed?(room: DocRoom): void;
  /**
   * A server-side edit of a document no room holds here (so no watcher sees it). Called with the
   * document before the edit; may return `edited`, called with it right after the edit (before it
   * is freed), which may return `stored`, called once the edit is in Redis.
   */
  directChange?(name: string, doc: Y.Doc): ((doc: Y.Doc) => (() => void) | void) | void;
}

export class RoomManager {
  private readonly rooms = new Map<string, DocRoom>();
  private readonly loading = new Map<string, Promise<DocRoom>>();
  events: RoomManagerEvents = { roomsChanged: () => undefined };
  readonly lifecycle = new Set<RoomLifecycle>();

  constructor(
    private readonly store: DocStore,
    private readonly instanceId: string,
    private readonly opts: RoomOptions,
    private readonly log: Logger,
  ) {}

  loaded(): Iterable<DocRoom> {
    return this.rooms.values();
  }

  get size(): number {
    return this.rooms.size;
  }

  async acquire(name: string): Promise<DocRoom> {
    for (;;) {
      const room = this.rooms.get(name);
      if (room && !room.closing) return room;
      if (room?.closing) {
        await room.closing;
        continue;
      }
      const pending = this.loading.get(name);
      if (pending) return pending;
      const p = DocRoom.open(
        name,
        {
          store: this.store,
          instanceId: this.instanceId,
          log: this.log,
          onEmpty: (r) => void this.unload(r),
          onCompacted: (_r, ms) => this.events.compacted?.(ms),
          onApplied: (ms) => this.events.applied?.(ms),
        },
        this.opts,
      )
        .then((r) => {
          this.rooms.set(name, r);
          this.events.roomsChanged();
          for (const l of this.lifecycle) l.opened(r);
          return r;
        })
        .finally(() => this.loading.delete(name));
      this.loading.set(name, p);
      return p;
    }
  }

  private async unload(room: DocRoom): Promise<void> {
    await room.close();
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name);
    this.events.roomsChanged();
    for (const l of this.lifecycle) l.closed?.(room);
  }

  /**
   * A server-side edit of a document, loaded or not. Through the room when it is loaded here,
   * so local peers see it at once; otherwise stored directly under a distinct origin, so any
   * room that loads meanwhile still picks it up from the stream.
   */
  async change(name: string, fn: (doc: Y.Doc) => void): Promise<void> {
    const room = this.rooms.get(name);
    if (room && !room.closing) return room.change(fn);
    const loaded = await this.store.load(name);
    const doc = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const e of loaded.entries) Y.applyUpdate(doc, e.update);
    const before = Y.encodeStateVector(doc);
    const observers = [...this.lifecycle].flatMap((l) => l.directChange?.(name, doc) ?? []);
    fn(doc);
    const stored = observers.flatMap((edited) => edited(doc) ?? []);
    const update = Y.encodeStateAsUpdate(doc, before);
    doc.destroy();
    const { structs, ds } = Y.decodeUpdate(update);
    if (structs.length === 0 && ds.clients.size === 0) return;
    await this.store.append(name, update, `${this.instanceId}:direct`);
    // Only now may anyone hear of it: an update is stored before any peer sees it.
    for (const s of stored) {
      try {
        s();
      } catch (err) {
        this.log.error('sync.direct_change_observer_failed', { doc: name, err });
      }
    }
  }

  /** Reads a document's current state, loaded or not (for summaries and exports). */
  async snapshot(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const room = this.rooms.get(name);
    if (room && !room.closing) {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
      return doc;
    }
    const loaded = await this.store.load(name);
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const e of loaded.entries) Y.applyUpdate(doc, e.update);
    return doc;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((r) => r.close()));
    this.rooms.clear();
  }
}
