/**
 * One loaded document and the peers editing it. The rule everything rests on: an update is
 * stored before any peer sees it — `submit` appends to the store, and only then applies the
 * update to the live doc, whose `update` event relays it.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MessageType, SyncStep } from '../../shared/syncProtocol';
import type { Logger } from '../logger';
import { compareIds, type DocStore, type StoredUpdate } from './docStore';
import { MalformedMessageError, RateLimitedError, StorageUnavailableError } from './errors';
import type { Peer } from './peer';
import { SharedFrame } from './sharedFrame';

/** Where a transaction came from; one exhaustive switch decides what to relay. */
export type TxOrigin =
  | { kind: 'peer'; peer: Peer }
  /** Another instance's entry, read from the document's stream. */
  | { kind: 'stream' }
  | { kind: 'load' }
  /** An edit the server made itself (e.g. adding the day's targets), already stored. */
  | { kind: 'server' };

export interface RoomOptions {
  compactEntries: number;
  compactIdleMs: number;
  /** Awareness: client ids one peer may control, bytes per message, messages per second. */
  awarenessMaxClients: number;
  awarenessMaxBytes: number;
  awarenessPerSecond: number;
}

export interface RoomDeps {
  store: DocStore;
  instanceId: string;
  log: Logger;
  onEmpty(room: DocRoom): void;
  onCompacted?(room: DocRoom, ms: number): void;
  /** Told after each stored and relayed peer update, with ms since its frame arrived. */
  onApplied?(ms: number): void;
}

interface PeerState {
  awarenessIds: Set<number>;
  awarenessBudget: number;
  awarenessRefill: number;
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MessageType.sync);
  encoding.writeVarUint(enc, step);
  encoding.writeVarUint8Array(enc, payload);
  return encoding.toUint8Array(enc);
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MessageType.awareness);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}

/** An update that carries no structs and no deletions changes nothing; it is not stored. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/** A state vector with no clients: the peer has nothing and wants everything. */
function isEmptyStateVector(sv: Uint8Array): boolean {
  return sv.length === 1 && sv[0] === 0;
}

export class DocRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly peers = new Map<Peer, PeerState>();
  /** Newest stream id the follower has processed: everything up to it is in `doc`. */
  followerPos: string;
  private snapshotId: string;
  private pendingAppends = 0;
  private sinceCompact = 0;
  private compacting: Promise<void> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  closing: Promise<void> | null = null;
  private destroyed = false;

  private constructor(
    readonly name: string,
    private readonly deps: RoomDeps,
    private readonly opts: RoomOptions,
    snapshotId: string,
    lastId: string,
  ) {
    this.snapshotId = snapshotId;
    this.followerPos = lastId;
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: TxOrigin) => this.relay(update, origin));
    this.awareness.on('update', this.onAwareness);
  }

  static async open(name: string, deps: RoomDeps, opts: RoomOptions): Promise<DocRoom> {
    const loaded = await deps.store.load(name);
    const room = new DocRoom(name, deps, opts, loaded.snapshotId, loaded.lastId);
    const origin: TxOrigin = { kind: 'load' };
    if (loaded.snapshot) Y.applyUpdate(room.doc, loaded.snapshot, origin);
    for (const e of loaded.entries) room.applyStored(e, origin);
    room.sinceCompact = loaded.entries.length;
    if (room.sinceCompact > 0) room.scheduleCompaction();
    return room;
  }

  get peerCount(): number {
    return this.peers.size;
  }

  /** Applies a stored entry; one that cannot be applied is logged and skipped, never fatal. */
  private applyStored(e: StoredUpdate, origin: TxOrigin): void {
    try {
      Y.applyUpdate(this.doc, e.update, origin);
    } catch (err) {
      this.deps.log.error('sync.stored_update_unreadable', { doc: this.name, entry: e.id, err });
    }
  }

  /**
   * Observers of applied changes (live feeds, summaries). Called after relaying, with the origin
   * kind, so a watcher can ignore `stream` entries another instance already reported.
   */
  readonly watchers = new Set<(update: Uint8Array, origin: TxOrigin['kind']) => void>();

  /**
   * The whole doc encoded once per version: a crowd of phones joining with nothing cached (the
   * morning rush) costs one encoding, not one each.
   */
  private fullStateCache: Uint8Array | null = null;

  private fullState(): Uint8Array {
    return (this.fullStateCache ??= Y.encodeStateAsUpdate(this.doc));
  }

  private relay(update: Uint8Array, origin: TxOrigin): void {
    this.fullStateCache = null;
    this.relayToPeers(update, origin);
    for (const w of this.watchers) {
      try {
        w(update, origin.kind);
      } catch (err) {
        this.deps.log.error('sync.watcher_failed', { doc: this.name, err });
      }
    }
  }

  private relayToPeers(update: Uint8Array, origin: TxOrigin): void {
    switch (origin.kind) {
      case 'peer':
        this.broadcast(syncMessage(SyncStep.update, update), origin.peer);
        return;
      case 'stream':
      case 'server':
        this.broadcast(syncMessage(SyncStep.update, update), null);
        return;
      case 'load':
        return;
      default: {
        const never: never = origin;
        throw new Error(`unknown transaction origin ${JSON.stringify(never)}`);
      }
    }
  }

  private broadcast(message: Uint8Array, except: Peer | null): void {
    const frame = new SharedFrame(message);
    for (const peer of this.peers.keys()) if (peer !== except) peer.sendShared(frame);
  }

  addPeer(peer: Peer): void {
    this.peers.set(peer, {
      awarenessIds: new Set(),
      awarenessBudget: this.opts.awarenessPerSecond,
      awarenessRefill: Date.now(),
    });
    peer.send(syncMessage(SyncStep.step1, Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  removePeer(peer: Peer): void {
    const st = this.peers.get(peer);
    if (!st) return;
    this.peers.delete(peer);
    if (st.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...st.awarenessIds], null);
    if (this.peers.size === 0) this.deps.onEmpty(this);
  }

  /** Handles one binary message from a peer. Throws a SyncError when the peer must be closed. */
  async handleMessage(peer: Peer, data: Uint8Array): Promise<void> {
    let type: number;
    const dec = decoding.createDecoder(data);
    try {
      type = decoding.readVarUint(dec);
    } catch {
      throw new MalformedMessageError('empty or truncated message');
    }
    switch (type) {
      case MessageType.sync:
        return this.handleSync(peer, dec);
      case MessageType.awareness:
        return this.handleAwareness(peer, dec);
      case MessageType.queryAwareness:
        peer.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
        return;
      case MessageType.auth:
        return; // the server authenticates at upgrade; a client's auth message carries nothing we use
      default:
        throw new MalformedMessageError(`unknown message type ${type}`);
    }
  }

  private async handleSync(peer: Peer, dec: decoding.Decoder): Promise<void> {
    let step: number;
    let payload: Uint8Array;
    try {
      step = decoding.readVarUint(dec);
      payload = decoding.readVarUint8Array(dec);
    } catch {
      throw new MalformedMessageError('truncated sync message');
    }
    switch (step) {
      case SyncStep.step1: {
        let diff: Uint8Array;
        try {
          diff = isEmptyStateVector(payload) ? this.fullState() : Y.encodeStateAsUpdate(this.doc, payload);
        } catch {
          throw new MalformedMessageError('unreadable state vector');
        }
        peer.send(syncMessage(SyncStep.step2, diff));
        return;
      }
      case SyncStep.step2:
      case SyncStep.update:
        if (peer.readOnly) return; // never applied, relayed or stored
        return this.submit(peer, payload);
      default:
        throw new MalformedMessageError(`unknown sync step ${step}`);
    }
  }

  /** Store first, then apply (which relays). */
  private async submit(peer: Peer, update: Uint8Array): Promise<void> {
    let empty: boolean;
    try {
      empty = isEmptyUpdate(update);
    } catch {
      throw new MalformedMessageError('unreadable Yjs update');
    }
    if (empty) return;
    const started = performance.now();
    await this.persistThenApply(update, { kind: 'peer', peer });
    this.deps.onApplied?.(performance.now() - started);
  }

  private async persistThenApply(update: Uint8Array, origin: TxOrigin): Promise<void> {
    this.pendingAppends++;
    try {
      await this.deps.store.append(this.name, update, this.deps.instanceId);
    } catch (err) {
      throw new StorageUnavailableError(err);
    } finally {
      this.pendingAppends--;
    }
    Y.applyUpdate(this.doc, update, origin);
    this.sinceCompact++;
    this.scheduleCompaction();
  }

  /**
   * A server-side edit: computed on a copy, stored, then applied like a peer's update, so it
   * follows the same rule and reaches every peer.
   */
  async change(fn: (doc: Y.Doc) => void): Promise<void> {
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
    const before = Y.encodeStateVector(scratch);
    fn(scratch);
    const update = Y.encodeStateAsUpdate(scratch, before);
    scratch.destroy();
    if (!isEmptyUpdate(update)) await this.persistThenApply(update, { kind: 'server' });
  }

  /** An entry read from the stream by the follower (ours or another instance's). */
  onStreamEntry(e: StoredUpdate): void {
    if (compareIds(e.id, this.followerPos) <= 0) return;
    this.followerPos = e.id;
    if (e.origin === this.deps.instanceId) return; // applied when our append returned
    this.applyStored(e, { kind: 'stream' });
    this.sinceCompact++;
    this.scheduleCompaction();
  }

  /**
   * Reloads snapshot and stream into the live doc after our follower fell behind a trim (it may
   * have missed entries). Applying known content is a no-op, so this only ever adds.
   */
  async resyncFromStore(): Promise<void> {
    const loaded = await this.deps.store.load(this.name);
    if (this.destroyed) return;
    const origin: TxOrigin = { kind: 'stream' };
    if (loaded.snapshot) this.applyStored({ id: loaded.snapshotId, update: loaded.snapshot, origin: '' }, origin);
    for (const e of loaded.entries) this.applyStored(e, origin);
    if (compareIds(loaded.lastId, this.followerPos) > 0) this.followerPos = loaded.lastId;
    this.deps.log.warn('sync.resynced_from_store', { doc: this.name, upTo: loaded.lastId });
  }

  private handleAwareness(peer: Peer, dec: decoding.Decoder): void {
    const st = this.peers.get(peer);
    if (!st) return;
    let update: Uint8Array;
    try {
      update = decoding.readVarUint8Array(dec);
    } catch {
      throw new MalformedMessageError('truncated awareness message');
    }
    if (update.byteLength > this.opts.awarenessMaxBytes) throw new RateLimitedError('awareness update too large');
    // Only news is charged: the stock client echoes every awareness update it receives back to
    // the server, and those echoes (no newer clock) must not count against an innocent peer.
    if (this.awarenessIsNews(update)) {
      const now = Date.now();
      st.awarenessBudget = Math.min(
        this.opts.awarenessPerSecond,
        st.awarenessBudget + ((now - st.awarenessRefill) / 1000) * this.opts.awarenessPerSecond,
      );
      st.awarenessRefill = now;
      if (st.awarenessBudget < 1) throw new RateLimitedError('awareness flood');
      st.awarenessBudget -= 1;
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    } catch {
      throw new MalformedMessageError('unreadable awareness update');
    }
    if (st.awarenessIds.size > this.opts.awarenessMaxClients) throw new RateLimitedError('too many awareness clients');
  }

  /** Whether applying this awareness update would change anything (y-protocols' own rule). */
  private awarenessIsNews(update: Uint8Array): boolean {
    try {
      const dec = decoding.createDecoder(update);
      const n = decoding.readVarUint(dec);
      for (let i = 0; i < n; i++) {
        const clientId = decoding.readVarUint(dec);
        const clock = decoding.readVarUint(dec);
        const state = decoding.readVarString(dec);
        const current = this.awareness.meta.get(clientId)?.clock ?? -1;
        if (clock > current || (clock === current && state === 'null' && this.awareness.states.has(clientId))) return true;
      }
      return false;
    } catch {
      throw new MalformedMessageError('unreadable awareness update');
    }
  }

  private onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const st = this.peers.get(origin as Peer);
    if (st) {
      for (const id of added) st.awarenessIds.add(id);
      for (const id of removed) st.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    this.broadcast(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)), null);
  };

  private scheduleCompaction(): void {
    if (this.sinceCompact >= this.opts.compactEntries) {
      void this.compact();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.compact(), this.opts.compactIdleMs);
    this.idleTimer.unref();
  }

  /**
   * Writes the live doc's state as the snapshot and trims the stream up to the follower's
   * position. Skipped while our own appends are in flight: until they return, the follower's
   * position may cover entries the doc does not hold yet.
   */
  compact(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    if (this.compacting) return this.compacting;
    if (this.sinceCompact === 0) return Promise.resolve();
    if (this.pendingAppends > 0 || compareIds(this.followerPos, this.snapshotId) <= 0) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => void this.compact(), 200);
      this.idleTimer.unref();
      return Promise.resolve();
    }
    const upTo = this.followerPos;
    const started = performance.now();
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    const applied = this.sinceCompact;
    this.compacting = this.deps.store
      .compact(this.name, snapshot, upTo)
      .then((stored) => {
        const ms = performance.now() - started;
        this.snapshotId = upTo;
        this.sinceCompact = Math.max(0, this.sinceCompact - applied);
        this.deps.log.debug('sync.compacted', { doc: this.name, upTo, bytes: snapshot.byteLength, stored, ms });
        this.deps.onCompacted?.(this, ms);
      })
      .catch((err: unknown) => {
        // Nothing is lost: the stream still holds every entry; we retry on the next trigger.
        this.deps.log.warn('sync.compact_failed', { doc: this.name, err });
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Compacts what is pending and frees the doc. Called once no peer is left. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.closing = (async () => {
      // Wait for the follower to catch up with our own last appends before the final snapshot.
      for (let i = 0; i < 20 && this.sinceCompact > 0; i++) {
        await this.compact();
        if (this.sinceCompact > 0) await new Promise((r) => setTimeout(r, 50));
      }
      this.destroyed = true;
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.awareness.destroy();
      this.doc.destroy();
    })();
    return this.closing;
  }
}
