/**
 * The nightly scheduler with a fake clock: due at SUMMARY_CRON in TZ_DAY, caught up after a
 * restart within the window, and run by exactly one instance under a Redis lock.
 */
import { Cron } from 'croner';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueDay } from '../../server/dailyJob';
import { silentLogger } from '../../server/logger';
import type { Redis } from '../../server/redis/connect';
import { NightlyScheduler } from '../../server/summary/scheduler';
import { startTestRedis, type TestRedis } from '../helpers/redis';

let redis: TestRedis;
let client: Redis;

beforeAll(async () => {
  redis = await startTestRedis();
  client = createClient({ url: redis.url }) as unknown as Redis;
  await client.connect();
});

afterAll(async () => {
  await client?.close();
  await redis?.cleanup();
});

/** Beijing wall-clock time → instant. */
const bj = (s: string) => new Date(`${s}+08:00`);

function instance(clock: { now: Date }, done: Set<string>, runs: string[], id: string, runMs = 0) {
  return new NightlyScheduler({
    redis: client,
    cron: '30 21 * * *',
    zone: 'Asia/Shanghai',
    now: () => clock.now,
    log: silentLogger,
    instanceId: id,
    isDone: async (d) => done.has(d),
    run: async (d) => {
      runs.push(`${id}:${d}`);
      await new Promise((r) => setTimeout(r, runMs));
      done.add(d);
    },
  });
}

describe('nightly scheduler', () => {
  it('[NS1] the due day is the latest 21:30 in TZ_DAY within the catch-up window', () => {
    const c = new Cron('30 21 * * *', { timezone: 'Asia/Shanghai', paused: true });
    const h12 = 12 * 3600_000;
    expect(dueDay(c, bj('2026-05-22T21:29:59'), 'Asia/Shanghai', h12)).toBeNull();
    expect(dueDay(c, bj('2026-05-22T21:30:00'), 'Asia/Shanghai', h12)).toBe('2026-05-22');
    expect(dueDay(c, bj('2026-05-23T02:00:00'), 'Asia/Shanghai', h12)).toBe('2026-05-22');
    expect(dueDay(c, bj('2026-05-23T10:00:00'), 'Asia/Shanghai', h12)).toBeNull();
    // The server's own zone does not matter: 13:30 UTC is 21:30 in Beijing.
    expect(dueDay(c, new Date('2026-05-22T13:30:00Z'), 'Asia/Shanghai', h12)).toBe('2026-05-22');
  });

  it('[NS2] runs once when due, not before, and not again for the same day', async () => {
    const clock = { now: bj('2026-05-22T21:29:00') };
    const done = new Set<string>();
    const runs: string[] = [];
    const s = instance(clock, done, runs, 'a');
    expect(await s.tick()).toBe('not_due');
    clock.now = bj('2026-05-22T21:30:00');
    expect(await s.tick()).toBe('ran');
    expect(await s.tick()).toBe('done');
    clock.now = bj('2026-05-23T01:00:00');
    expect(await s.tick()).toBe('done');
    clock.now = bj('2026-05-23T21:31:00');
    expect(await s.tick()).toBe('ran');
    expect(runs).toEqual(['a:2026-05-22', 'a:2026-05-23']);
  });

  it('[NS3] a server that was down at 21:30 catches up when it starts before the window closes', async () => {
    const clock = { now: bj('2026-06-01T23:40:00') };
    const runs: string[] = [];
    expect(await instance(clock, new Set(), runs, 'late').tick()).toBe('ran');
    expect(runs).toEqual(['late:2026-06-01']);
  });

  it('[NS4] of three instances ticking at once, exactly one runs the day', async () => {
    const clock = { now: bj('2026-07-01T21:30:05') };
    const done = new Set<string>();
    const runs: string[] = [];
    const results = await Promise.all(['x', 'y', 'z'].map((id) => instance(clock, done, runs, id, 150).tick()));
    expect(results.filter((r) => r === 'ran')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ran').every((r) => r === 'locked' || r === 'done')).toBe(true);
    expect(runs).toHaveLength(1);
    // Later ticks on any instance see it done; the lock was released.
    expect(await instance(clock, done, runs, 'x').tick()).toBe('done');
    expect(await client.exists('ledger:{ledger}:summary:2026-07-01:lock')).toBe(0);
  });
});
