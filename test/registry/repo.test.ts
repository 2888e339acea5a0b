/** The versioned registry store against a real Redis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCounty } from '../../shared/demo/generate';
import type { Registry } from '../../shared/registry';
import { connectRedis, type Redis } from '../../server/redis/connect';
import { keys } from '../../server/redis/keys';
import { canonical, registryHash } from '../../server/registry/codec';
import { RegistryConflictError, RegistryRepo } from '../../server/registry/repo';
import { silentLogger } from '../../server/logger';
import { startTestRedis, type TestRedis } from '../helpers/redis';

let redis: TestRedis;
let client: Redis;
const demo = generateDemoCounty();

beforeAll(async () => {
  redis = await startTestRedis({ appendfsync: 'no' });
  client = await connectRedis(redis.url, silentLogger);
});

afterAll(async () => {
  await client.close();
  await redis.cleanup();
});

const fresh = async () => {
  await client.flushAll();
  return new RegistryRepo(client, 3);
};

function withHead(r: Registry, index: number, head: string): Registry {
  const households = r.households.slice();
  households[index] = { ...households[index]!, head };
  return { ...r, households };
}

describe('RegistryRepo', () => {
  it('saves and loads a registry unchanged; the meta hash is the content hash', async () => {
    const repo = await fresh();
    const meta = await repo.save(demo, { source: 'seed' });
    expect(meta).toMatchObject({ version: 1, parent: null, source: 'seed', households: demo.households.length, hash: registryHash(demo) });
    const loaded = await new RegistryRepo(client).load();
    expect(loaded).toEqual(canonical(demo));
    expect(registryHash(loaded!)).toBe(meta.hash);
    expect(await repo.meta()).toEqual(meta);
  });

  it('an edit of one household writes one new chunk and a new version; another instance loads it', async () => {
    const repo = await fresh();
    const v1 = await repo.save(demo);
    const chunksBefore = (await client.keys('registry:chunk:*')).length;
    const edited = withHead(demo, 5, '测试户主');
    const v2 = await repo.save(edited, { source: 'edit', by: 'admin', expectVersion: v1.version });
    expect((await client.keys('registry:chunk:*')).length).toBe(chunksBefore + 1);
    expect(v2).toMatchObject({ version: 2, parent: 1, source: 'edit', by: 'admin' });
    expect(v2.hash).not.toBe(v1.hash);
    const other = await new RegistryRepo(client).load();
    expect(other!.households[5]!.head).toBe('测试户主');
  });

  it('refuses a save based on a version that is no longer current', async () => {
    const repo = await fresh();
    const v1 = await repo.save(demo);
    await repo.save(withHead(demo, 1, '甲'));
    await expect(repo.save(withHead(demo, 2, '乙'), { expectVersion: v1.version })).rejects.toBeInstanceOf(RegistryConflictError);
    expect((await repo.load())!.households[1]!.head).toBe('甲');
  });

  it('restores an earlier version as a new version with the earlier hash', async () => {
    const repo = await fresh();
    const v1 = await repo.save(demo);
    await repo.save(withHead(demo, 1, '甲'));
    const v3 = await repo.restore(v1.version, { by: 'admin', note: 'rollback' });
    expect(v3).toMatchObject({ version: 3, source: 'restore', hash: v1.hash });
    expect((await new RegistryRepo(client).load())!.households[1]!.head).toBe(demo.households[1]!.head);
    expect((await repo.versions()).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('keeps only the last versions and deletes the chunks nothing kept uses', async () => {
    const repo = await fresh();
    for (let i = 0; i < 5; i++) await repo.save(withHead(demo, 0, `户主${i}`));
    expect((await repo.versions()).map((v) => v.version)).toEqual([5, 4, 3]);
    expect(await client.exists(keys.registryVersion(1))).toBe(0);
    // Chunks: the shared ones once, plus one first-households chunk per kept version.
    const perVersion = new Set<string>();
    for (const n of [3, 4, 5]) {
      const rec = JSON.parse((await client.get(keys.registryVersion(n)))!) as { chunks: Record<string, string[]> };
      for (const ids of Object.values(rec.chunks)) for (const id of ids) perVersion.add(id);
    }
    expect((await client.keys('registry:chunk:*')).length).toBe(perVersion.size);
  });

  it('migrates a registry stored in the one-JSON-per-part layout', async () => {
    await client.flushAll();
    const m = client.multi();
    for (const p of ['county', 'townships', 'villages', 'households', 'contacts', 'issues', 'units', 'groups'] as const) m.set(keys.registry(p), JSON.stringify(demo[p]));
    m.set(keys.registryMeta, JSON.stringify({ hash: 'old', savedAt: '', households: demo.households.length }));
    await m.exec();
    const repo = new RegistryRepo(client);
    expect((await repo.load())!.households.length).toBe(demo.households.length);
    expect(await repo.meta()).toMatchObject({ version: 1, source: 'migrate', hash: registryHash(demo) });
    expect(await client.exists(keys.registryMeta)).toBe(0);
  });
});
