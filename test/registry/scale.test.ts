/**
 * A county-sized import: 200,000 households in one CSV, parsed and checked on a worker thread.
 * The server keeps answering meanwhile (its event loop is not blocked for long).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCounty } from '../../shared/demo/generate';
import { registryHash } from '../../server/registry/codec';
import type { RunningServer } from '../../server/server';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { call, manyHouseholdsCsv, upload, utf8 } from './fixtures';

let redis: TestRedis;
let server: RunningServer;
const demo = generateDemoCounty();
const TOTAL = 200_000;

beforeAll(async () => {
  redis = await startTestRedis({ appendfsync: 'no' });
  server = await startTestServer(redis.url);
});

afterAll(async () => {
  await server?.close();
  await redis?.cleanup();
});

describe('a 200,000-household import', () => {
  it('is stored whole within seconds while the server keeps answering', { timeout: 90_000 }, async () => {
    const { token } = await login(server.url, 'admin');
    const { text, extraRegistered } = manyHouseholdsCsv(demo, TOTAL);
    let polling = true;
    let worst = 0;
    const poll = (async () => {
      while (polling) {
        const t = performance.now();
        await fetch(`${server.url}/healthz`);
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const started = performance.now();
    const up = await upload(server.url, token, [{ name: '农户.csv', bytes: utf8(text) }]);
    const seconds = (performance.now() - started) / 1000;
    polling = false;
    await poll;
    console.log(`200k-household CSV import: ${seconds.toFixed(1)} s; slowest /healthz meanwhile ${worst.toFixed(0)} ms`);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ ok: true, counts: { households: TOTAL }, warnings: { withoutContact: extraRegistered } });
    expect(seconds).toBeLessThan(30);
    expect(worst).toBeLessThan(1500);

    const loaded = (await server.ctx.registry.load())!;
    expect(loaded.households).toHaveLength(TOTAL);
    expect(registryHash(loaded)).toBe((await server.ctx.registry.meta())!.hash);
    const v1 = await call(server.url, token, 'GET', '/api/admin/registry/households?villageId=v1&pageSize=5');
    expect(v1.body.total).toBe(loaded.households.filter((h) => h.villageId === 'v1').length);
    const report = await call(server.url, token, 'GET', '/api/admin/registry/reports/withoutContact?pageSize=3');
    expect(report.body.total).toBe(extraRegistered);
  });
});
