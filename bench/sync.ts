/**
 * `npm run bench:sync`: edit-to-peer latency on one sheet over real WebSockets with persistence
 * on (every update XADDed to Redis before it is relayed), at ~1,000 updates/s, for Redis with
 * `appendfsync always` and `everysec`. The server runs as its own process; writer and observers
 * share this process so one clock measures send → receive.
 */
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import { startTestRedis } from '../test/helpers/redis';
import { login, spawnServer } from '../test/helpers/server';
import { synced, yclient, type YClient } from '../test/helpers/yclient';
import { watchRedisLatency } from './redisLatency';
import { fmt, machine, percentile, writeSection } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const OBSERVERS = Number(process.env.BENCH_OBSERVERS ?? 4);

interface Result {
  fsync: string;
  /** Redis's latency monitor during the run: worst event per kind (ms), over 5 ms. */
  stalls: Record<string, number>;
  sent: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  rate: number;
}

async function run(fsync: 'always' | 'everysec', aof: 'disk' | 'tmpfs' = 'disk'): Promise<Result> {
  const redis = await startTestRedis({ appendfsync: fsync, ...(aof === 'tmpfs' ? { parentDir: '/dev/shm' } : {}) });
  const latency = await watchRedisLatency(redis.url, 5);
  const server = await spawnServer({ REDIS_URL: redis.url, DATA_DIR: redis.dir, COMPACT_ENTRIES: '500' });
  const docName = sheetDocName('g1', dayInZone(new Date(), 'Asia/Shanghai'));
  const users = ['inspector1a', 'inspector1b', 'leader1'];
  const clients: YClient[] = [];
  for (let i = 0; i <= OBSERVERS; i++) {
    const { token } = await login(server.url, users[i % users.length]!);
    const c = yclient(server.url, docName, token);
    await synced(c);
    clients.push(c);
  }
  const [writer, ...observers] = clients as [YClient, ...YClient[]];
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let received = 0;
  for (const o of observers) {
    o.doc.getMap('bench').observe((e) => {
      const now = performance.now();
      for (const key of e.keysChanged) {
        const t = sentAt.get(Number(key));
        if (t !== undefined) {
          latencies.push(now - t);
          received++;
        }
      }
    });
  }
  const bench = writer.doc.getMap('bench');
  let seq = 0;
  const started = performance.now();
  const total = SECONDS * RATE;
  // Send on 1 ms ticks to hold the rate without a busy loop.
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      while (seq < due) {
        sentAt.set(seq, performance.now());
        bench.set(String(seq), seq); // one transaction, one WebSocket message
        seq++;
      }
      if (seq >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  const elapsed = (performance.now() - started) / 1000;
  const deadline = Date.now() + 10_000;
  while (received < total * observers.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const stalls = await latency.worst();
  for (const c of clients) c.destroy();
  await server.kill('SIGTERM');
  await redis.cleanup();
  latencies.sort((a, b) => a - b);
  return {
    fsync: aof === 'tmpfs' ? `${fsync}, AOF on tmpfs` : fsync,
    stalls,
    sent: total,
    received: received / observers.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    rate: total / elapsed,
  };
}

const results: Result[] = [];
for (const [f, aof] of [['always', 'disk'], ['everysec', 'disk'], ['always', 'tmpfs']] as const) {
  const r = await run(f, aof);
  results.push(r);
  console.log(JSON.stringify(r));
}
const [always, everysec, tmpfs] = results as [Result, Result, Result];
const stalls = (r: Result) => Object.entries(r.stalls).map(([k, v]) => `${k} ${v}`).join(', ') || '—';
const md = `
## bench:sync — edit-to-peer latency on one sheet

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.
1 writer and ${OBSERVERS} observers (stock y-websocket clients) on one sheet, ${SECONDS} s at ~${RATE} updates/s;
server as its own process; every update XADDed to Redis before it is relayed. Latency = writer's
transaction → observer's observe event, same process clock.

| appendfsync | updates/s | delivered | p50 (ms) | p99 (ms) | max (ms) | Redis latency monitor, worst (ms) | target |
|---|---|---|---|---|---|---|---|
${results.map((r) => `| ${r.fsync} | ${fmt(r.rate, 0)} | ${fmt((100 * r.received) / r.sent, 1)} % | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${stalls(r)} | p50 ≤ 1.5, p99 ≤ 3 |`).join('\n')}

Cost of \`appendfsync always\` over \`everysec\`: p50 × ${fmt(always.p50 / everysec.p50)}, p99 × ${fmt(always.p99 / everysec.p99)}.
We ship \`always\`: with \`everysec\` Redis may acknowledge an update before writing the AOF while
a background fsync is slow, and our durability test lost a seen edit to \`kill -9\` of Redis that way.
The price is an fsync on every edit's path. On this VM the disk's fsync stalls at random (Redis's own
latency monitor, last column: \`aof-fsync-always\` / \`aof-write-*\` events), and those stalls make both
modes' tails, so the p99 ratio swings from run to run; p50 moves little. The last row is the same
server and Redis with the AOF on tmpfs — the disk taken out: p99 ${fmt(tmpfs.p99)} ms (y-redis publishes
p50 2.8 ms / p99 4.4 ms). On a disk with steady fsync latency (local NVMe, a battery-backed RAID
cache), \`always\` costs one fsync per update (batched by Redis's event loop under load). \`command\` / \`fast-command\` events are Redis waiting for a core (an O(1) command does
not take tens of ms otherwise): Redis, the server and five clients at 1,000 updates/s share two cores.
`;
writeSection('sync', md);
console.log(md);
