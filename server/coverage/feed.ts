/**
 * The coverage feed: watches every sheet document loaded on this instance and emits what changed
 * to `county` and `group:<id>` over socket.io. Only changes that entered through this instance
 * (`peer`, `server`) are emitted: a `stream` entry was applied on another instance, which emits
 * it itself (the Redis adapter delivers every emit to every instance's sockets).
 *
 * A change is read synchronously inside the watcher (the doc is never read after it is freed)
 * and emitted once per tick, so a burst of updates makes one event.
 */
import type * as Y from 'yjs';
import { sheetTargets } from '../../shared/coverage/fromSheet';
import type { CoverageDelta, TargetCoverage } from '../../shared/coverage/types';
import { LiveRoom } from '../../shared/liveEvents';
import { parseSheetDocName } from '../../shared/sheet';
import type { Logger } from '../logger';
import type { DocRoom, TxOrigin } from '../sync/room';
import type { RoomLifecycle, RoomManager } from '../sync/rooms';
import type { LiveServer } from '../live/io';
import type { RegistryView } from './featureIndex';

interface Watched {
  room: DocRoom;
  groupId: string;
  date: string;
  /** Last state read per target, and its JSON (the diff key). */
  targets: Map<string, TargetCoverage>;
  json: Map<string, string>;
  pending: Map<string, TargetCoverage>;
  removed: Set<string>;
  flushQueued: boolean;
  watcher: (update: Uint8Array, origin: TxOrigin['kind']) => void;
}

export interface CoverageFeedDeps {
  rooms: RoomManager;
  view: RegistryView;
  log: Logger;
  /** Read at emit time: the socket.io server exists only once HTTP is up. */
  io: () => LiveServer | undefined;
}

export class CoverageFeed {
  private readonly watched = new Map<string, Watched>();
  /** For tests and the benchmark: called with every delta emitted from this instance. */
  onEmit?: (d: CoverageDelta) => void;

  private readonly lifecycle: RoomLifecycle = {
    opened: (room) => this.watch(room),
    closed: (room) => this.unwatch(room),
    directChange: (name, doc) => this.directChange(name, doc),
  };

  constructor(private readonly deps: CoverageFeedDeps) {}

  start(): void {
    this.deps.rooms.lifecycle.add(this.lifecycle);
    for (const room of this.deps.rooms.loaded()) this.watch(room);
  }

  stop(): void {
    this.deps.rooms.lifecycle.delete(this.lifecycle);
    for (const w of this.watched.values()) w.room.watchers.delete(w.watcher);
    this.watched.clear();
  }

  /** Current targets of a sheet loaded here (null when it is not): what a snapshot should show. */
  current(docName: string): TargetCoverage[] | null {
    const w = this.watched.get(docName);
    if (!w || w.room.doc.isDestroyed) return null;
    this.read(w, false);
    return [...w.targets.values()];
  }

  /** The registry changed: feature ids may have moved, so every loaded sheet is re-read and emitted. */
  registryChanged(): void {
    for (const w of this.watched.values()) this.read(w, true);
  }

  private watch(room: DocRoom): void {
    const name = parseSheetDocName(room.name);
    if (!name || this.watched.has(room.name)) return;
    const w: Watched = {
      room,
      groupId: name.groupId,
      date: name.date,
      targets: new Map(),
      json: new Map(),
      pending: new Map(),
      removed: new Set(),
      flushQueued: false,
      watcher: (_update, origin) => {
        switch (origin) {
          case 'peer':
          case 'server':
            return this.read(w, true);
          case 'stream':
          case 'load':
            // Another instance reports it; we only keep our copy current for snapshots.
            return this.read(w, false);
          default: {
            const never: never = origin;
            throw new Error(`unknown origin ${String(never)}`);
          }
        }
      },
    };
    this.watched.set(room.name, w);
    room.watchers.add(w.watcher);
    this.read(w, false);
  }

  /**
   * A server edit (a draw filling a sheet, a sign-off, a re-visit target) of a sheet nobody has
   * open on this instance: diff its targets around the edit and emit once it is stored. An
   * instance that has the sheet loaded applies it from the stream without emitting it again.
   */
  private directChange(docName: string, doc: Y.Doc): ((doc: Y.Doc) => (() => void) | void) | void {
    const name = parseSheetDocName(docName);
    if (!name) return;
    const before = new Map(sheetTargets(doc, this.deps.view.index).map((t) => [t.id, JSON.stringify(t)]));
    return (after) => {
      const now = sheetTargets(after, this.deps.view.index);
      const targets = now.filter((t) => before.get(t.id) !== JSON.stringify(t));
      const ids = new Set(now.map((t) => t.id));
      const removed = [...before.keys()].filter((id) => !ids.has(id));
      if (!targets.length && !removed.length) return;
      return () => this.emit({ date: name.date, groupId: name.groupId, targets, removed }, docName);
    };
  }

  private unwatch(room: DocRoom): void {
    const w = this.watched.get(room.name);
    if (!w || w.room !== room) return;
    room.watchers.delete(w.watcher);
    this.flush(w);
    this.watched.delete(room.name);
  }

  /** Re-reads the sheet and diffs it against the last read; `emit` queues what changed. */
  private read(w: Watched, emit: boolean): void {
    if (w.room.doc.isDestroyed) return;
    const now = sheetTargets(w.room.doc, this.deps.view.index);
    const seen = new Set<string>();
    for (const t of now) {
      seen.add(t.id);
      const j = JSON.stringify(t);
      if (w.json.get(t.id) === j) continue;
      w.json.set(t.id, j);
      w.targets.set(t.id, t);
      // A queued target is sent as it is now, never as an older read.
      if (emit || w.pending.has(t.id)) {
        w.pending.set(t.id, t);
        w.removed.delete(t.id);
      }
    }
    for (const id of [...w.targets.keys()]) {
      if (seen.has(id)) continue;
      w.targets.delete(id);
      w.json.delete(id);
      if (emit) {
        w.pending.delete(id);
        w.removed.add(id);
      }
    }
    if (emit && (w.pending.size > 0 || w.removed.size > 0) && !w.flushQueued) {
      w.flushQueued = true;
      setImmediate(() => this.flush(w));
    }
  }

  private flush(w: Watched): void {
    w.flushQueued = false;
    if (w.pending.size === 0 && w.removed.size === 0) return;
    const delta: CoverageDelta = { date: w.date, groupId: w.groupId, targets: [...w.pending.values()], removed: [...w.removed] };
    w.pending.clear();
    w.removed.clear();
    this.emit(delta, w.room.name);
  }

  private emit(delta: CoverageDelta, docName: string): void {
    const io = this.deps.io();
    if (io) io.to(LiveRoom.county).to(LiveRoom.group(delta.groupId)).emit('coverage:delta', delta);
    else this.deps.log.warn('coverage.no_live_server', { doc: docName });
    this.onEmit?.(delta);
  }
}
