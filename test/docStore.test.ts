/**
 * The DocStore contract, run against every implementation (today: Redis). Rule ids refer to
 * docs/SPEC.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { binary, connectRedis, type Redis } from '../server/redis/connect';
import { silentLogger } from '../server/logger';
import { compareIds, ZERO_ID, type DocStore } from '../server/sync/docStore';
import { RedisDocStore } from '../server/sync/redisDocStore';
import { startTestRedis, type TestRedis } from './helpers/redis';

function textUpdate(doc: Y.Doc, s: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, s);
  return Y.encodeStateAsUpdate(doc, before);
}

function rebuild(loaded: Awaited<ReturnType<DocStore['load']>>): string {
  const d = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(d, loaded.snapshot);
  for (const e of loaded.entries) Y.applyUpdate(d, e.update);
  return d.getText('t').toString();
}

const implementations: [string, () => Promise<{ store: DocStore; done: () => Promise<void> }>][] = [
  [
    'RedisDocStore',
    async () => {
      const r: TestRedis = await startTestRedis();
      const client: Redis = await connectRedis(r.url, silentLogger);
      return {
        // No trim grace here: these rules are about what compaction keeps, not about timing.
        store: new RedisDocStore(binary(client), 0),
        done: async () => {
          await client.close();
          await r.cleanup();
        },
      };
    },
  ],
];

describe.each(implementations)('%s', (_name, make) => {
  let store: DocStore;
  let done: () => Promise<void>;
  beforeAll(async () => ({ store, done } = await make()));
  afterAll(async () => done());

  it('[ST1] an unknown document loads empty', async () => {
    const l = await store.load('sheet:none:2026-01-01');
    expect(l.snapshot).toBeNull();
    expect(l.entries).toEqual([]);
    expect(l.lastId).toBe(ZERO_ID);
  });

  it('[ST2] appended updates load back in order with increasing ids and their origin', async () => {
    const doc = new Y.Doc();
    const ids: string[] = [];
    for (const s of ['a', 'b', 'c']) ids.push(await store.append('d1', textUpdate(doc, s), 'inst-A'));
    const l = await store.load('d1');
    expect(l.entries.map((e) => e.id)).toEqual(ids);
    expect(l.entries.every((e) => e.origin === 'inst-A')).toBe(true);
    expect(compareIds(ids[0]!, ids[1]!)).toBe(-1);
    expect(rebuild(l)).toBe('abc');
    expect(l.lastId).toBe(ids[2]);
  });

  it('[ST3] compaction replaces entries up to an id with the snapshot and keeps later ones', async () => {
    const doc = new Y.Doc();
    const ids: string[] = [];
    for (const s of ['1', '2', '3', '4']) ids.push(await store.append('d2', textUpdate(doc, s), 'i'));
    const partial = new Y.Doc();
    const l0 = await store.load('d2');
    for (const e of l0.entries.slice(0, 2)) Y.applyUpdate(partial, e.update);
    expect(await store.compact('d2', Y.encodeStateAsUpdate(partial), ids[1]!)).toBe(true);
    const l = await store.load('d2');
    expect(l.snapshotId).toBe(ids[1]);
    expect(l.entries.map((e) => e.id)).toEqual(ids.slice(2));
    expect(await store.streamLength('d2')).toBe(2);
    expect(rebuild(l)).toBe('1234');
  });

  it('[ST4] an older snapshot never replaces a newer one (a lagging instance cannot trim)', async () => {
    const doc = new Y.Doc();
    const ids: string[] = [];
    for (const s of ['x', 'y', 'z']) ids.push(await store.append('d3', textUpdate(doc, s), 'i'));
    expect(await store.compact('d3', Y.encodeStateAsUpdate(doc), ids[2]!)).toBe(true);
    const stale = new Y.Doc();
    expect(await store.compact('d3', Y.encodeStateAsUpdate(stale), ids[0]!)).toBe(false);
    expect(rebuild(await store.load('d3'))).toBe('xyz');
  });

  it('[ST6] trimming reports how far it went, so a follower behind it knows to reload', async () => {
    const doc = new Y.Doc();
    expect(await store.trimmedBelow(['d6'])).toEqual([ZERO_ID]);
    const ids: string[] = [];
    for (const s of ['p', 'q']) ids.push(await store.append('d6', textUpdate(doc, s), 'i'));
    // Entries of the current millisecond are never trimmed (the grace cut is `<now>-0`): step past it.
    await new Promise((r) => setTimeout(r, 5));
    await store.compact('d6', Y.encodeStateAsUpdate(doc), ids[1]!);
    const [trimmed] = await store.trimmedBelow(['d6']);
    expect(compareIds(trimmed!, ids[1]!)).toBe(1);
    expect(compareIds(trimmed!, ids[0]!)).toBe(1);
  });

  it('[ST5] binary updates survive byte for byte, including zero and high bytes', async () => {
    const bytes = new Uint8Array([0, 255, 0, 128, 10, 13, 0]);
    await store.append('d4', bytes, 'i');
    const l = await store.load('d4');
    expect(Array.from(l.entries[0]!.update)).toEqual(Array.from(bytes));
  });
});

describe('RedisDocStore trim grace', () => {
  it('[ST7] entries newer than the grace period stay in the stream after compaction', async () => {
    const r = await startTestRedis();
    const client = await connectRedis(r.url, silentLogger);
    try {
      const store = new RedisDocStore(binary(client), 60_000);
      const doc = new Y.Doc();
      const ids: string[] = [];
      for (const s of ['a', 'b', 'c']) ids.push(await store.append('g1', textUpdate(doc, s), 'i'));
      expect(await store.compact('g1', Y.encodeStateAsUpdate(doc), ids[2]!)).toBe(true);
      expect(await store.streamLength('g1')).toBe(3);
      const l = await store.load('g1');
      expect(l.snapshotId).toBe(ids[2]);
      expect(l.entries).toEqual([]);
      expect(rebuild(l)).toBe('abc');
    } finally {
      await client.close();
      await r.cleanup();
    }
  });
});
