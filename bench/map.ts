/**
 * `npm run bench:map`: the command centre's live map in Debian Chromium with software GL.
 *
 *  1. 20,000 households (the demo county): six inspectors (stock y-websocket clients) toggle
 *     "checked" on their household targets at 100 changes/s for 30 s. The page records every
 *     feature-state write and every frame; a socket.io client here times edit → coverage event.
 *  2. 50,000 households (the demo county plus 30,000 more around its villages): first idle of the
 *     map, from navigation start, in three fresh page loads.
 *
 * The server runs as its own process; Node clocks and the page's wall clock are the same machine's.
 */
import os from 'node:os';
import { io as connect } from 'socket.io-client';
import type * as Y from 'yjs';
import type { CoverageDelta, CoverageSnapshot } from '../shared/coverage/types';
import { dayInZone } from '../shared/dates';
import { generateDemoCounty } from '../shared/demo/generate';
import { nearVillage } from '../shared/demo/geography';
import { Random } from '../shared/random';
import type { Registry } from '../shared/registry';
import { sheetDocName } from '../shared/sheet';
import { silentLogger } from '../server/logger';
import { connectRedis } from '../server/redis/connect';
import { RegistryRepo } from '../server/registry/repo';
import { launch } from '../test/helpers/browser';
import { startTestRedis } from '../test/helpers/redis';
import { login, spawnServer } from '../test/helpers/server';
import { synced, yclient, type YClient } from '../test/helpers/yclient';
import { collect, instrument, LAPTOP, openMap, repaintFloor, WALL, type Viewport } from './mapPage';
import { fmt, machine, percentile, writeSection } from './report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const BIG = Number(process.env.BENCH_BIG ?? 50_000);
const today = dayInZone(new Date(), 'Asia/Shanghai');
const sorted = (xs: number[]) => xs.slice().sort((a, b) => a - b);

/** The demo county with extra households around its villages, up to `total`. */
function biggerCounty(total: number): Registry {
  const r = generateDemoCounty();
  const rng = new Random('bench-map');
  for (let k = 0; r.households.length < total; k++) {
    const v = r.villages[k % r.villages.length]!;
    r.households.push({ id: `hb${k}`, villageId: v.id, head: '农户', status: 'ordinary', edgeKinds: [], members: 3, measures: [], location: nearVillage(rng, v) });
  }
  return r;
}

async function startStack(registry?: Registry) {
  const redis = await startTestRedis({ appendfsync: 'everysec' });
  if (registry) {
    const client = await connectRedis(redis.url, silentLogger, 'bench');
    await new RegistryRepo(client).save(registry);
    await client.close();
  }
  const server = await spawnServer({ REDIS_URL: redis.url, DATA_DIR: redis.dir });
  return {
    url: server.url,
    async stop() {
      await server.kill('SIGTERM');
      await redis.cleanup();
    },
  };
}

interface Mover {
  client: YClient;
  groupId: string;
  targetId: string;
  fid: number;
  on: boolean;
}

/** Household targets that are alone on their dot (so the dot's state is the target's). */
async function movers(url: string): Promise<Mover[]> {
  const { token } = await login(url, 'command');
  const snap = (await (await fetch(`${url}/api/coverage`, { headers: { authorization: `Bearer ${token}` } })).json()) as CoverageSnapshot;
  const perFeature = new Map<number, number>();
  for (const g of snap.groups) for (const t of g.targets) if (t.f?.l === 'h') perFeature.set(t.f.i, (perFeature.get(t.f.i) ?? 0) + 1);
  const out: Mover[] = [];
  for (const g of snap.groups) {
    const n = Number(g.groupId.slice(1));
    const { token: t } = await login(url, `inspector${n}a`);
    const client = yclient(url, sheetDocName(g.groupId, today), t);
    await synced(client);
    for (const x of g.targets) if (x.f?.l === 'h' && x.s === 1 && perFeature.get(x.f.i) === 1) out.push({ client, groupId: g.groupId, targetId: x.id, fid: x.f.i, on: false });
  }
  return out;
}

async function live(viewport: Viewport) {
  const stack = await startStack();
  const browser = await launch();
  try {
    const { page, firstIdleMs } = await openMap(browser, stack.url, viewport);
    await instrument(page);
    const list = await movers(stack.url);
    const { token } = await login(stack.url, 'command');
    const socket = connect(stack.url, { transports: ['websocket'], auth: { token } });
    const eventAt = new Map<string, number[]>();
    socket.on('coverage:delta', (d: CoverageDelta) => {
      const now = Date.now();
      for (const t of d.targets) {
        const key = `${t.id}|${t.s}`;
        eventAt.set(key, [...(eventAt.get(key) ?? []), now]);
      }
    });
    await new Promise((r) => socket.on('welcome', r));

    const sent: { fid: number; s: number; at: number; key: string }[] = [];
    const total = SECONDS * RATE;
    const started = Date.now();
    let k = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * RATE));
        for (; k < due; k++) {
          const m = list[k % list.length]!;
          m.on = !m.on;
          const at = Date.now();
          m.client.doc.transact(() => {
            const target = m.client.doc.getMap<Y.Map<unknown>>('targets').get(m.targetId)!;
            target.set('checkedBy', m.on ? 'bench' : null);
            target.set('checkedByName', m.on ? '压测' : null);
            target.set('checkedAt', m.on ? new Date(at).toISOString() : null);
          });
          sent.push({ fid: m.fid, s: m.on ? 3 : 1, at, key: `${m.targetId}|${m.on ? 3 : 1}` });
        }
        if (k >= total) resolve();
        else setTimeout(tick, 5);
      };
      tick();
    });
    const sendSeconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2_000));
    const log = await collect(page);
    const floor = sorted(await repaintFloor(page));
    socket.close();
    for (const c of new Set(list.map((m) => m.client))) c.destroy();

    // Edit → map: the first write of that dot's expected state at or after the edit.
    const writes = new Map<number, [number, number][]>();
    for (const [fid, s, at] of log.writes) writes.set(fid, [...(writes.get(fid) ?? []), [s, at]]);
    const applied: number[] = [];
    const server: number[] = [];
    let within = 0;
    for (const e of sent) {
      const w = (writes.get(e.fid) ?? []).find(([s, at]) => s === e.s && at >= e.at - 2);
      if (w) {
        applied.push(w[1] - e.at);
        if (w[1] - e.at <= 1_000) within++;
      }
      const ev = (eventAt.get(e.key) ?? []).find((at) => at >= e.at);
      if (ev !== undefined) server.push(ev - e.at);
    }
    return { viewport, firstIdleMs, sent: sent.length, sendSeconds, within, applied: sorted(applied), server: sorted(server), frames: sorted(log.frames), renderFrames: sorted(log.renderFrames), floor, targets: list.length };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function idleAt(households: number, runs = 3) {
  const registry = households > 20_279 ? biggerCounty(households) : undefined;
  const stack = await startStack(registry);
  const browser = await launch();
  const idles: number[] = [];
  const steps: Record<string, number>[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const { firstIdleMs, marks, close } = await openMap(browser, stack.url);
      idles.push(firstIdleMs);
      steps.push({ ...marks, idle: firstIdleMs });
      await close();
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  process.stderr.write(`first idle steps (ms from navigation): ${JSON.stringify(steps)}\n`);
  return { households: registry?.households.length ?? 20_279, idles: sorted(idles), steps };
}

if (process.env.BENCH_ONLY === 'idle') {
  // A quick look at load time alone; README is not touched.
  process.stdout.write(`${JSON.stringify(await idleAt(BIG))}\n`);
  process.exit(0);
}
const runs = [await live(WALL), await live(LAPTOP)];
const b = await idleAt(BIG);
const load = os.loadavg()[0]!;
const p = (xs: number[], q: number) => fmt(percentile(xs, q), 0);
const ok = (good: boolean) => (good ? 'met' : '**not met**');
const size = (v: Viewport) => `${v.width}×${v.height}`;
const rows = runs
  .map((a) => {
    const share = a.within / a.sent;
    return [
      `| ${size(a.viewport)} | changes applied on the map within 1 s | ${fmt(100 * share, 1)} % (${a.within} of ${a.sent}) | ≥ 95 % | ${ok(share >= 0.95)} |`,
      `| ${size(a.viewport)} | edit → map applied, p50 / p95 / p99 / max (ms) | ${p(a.applied, 50)} / ${p(a.applied, 95)} / ${p(a.applied, 99)} / ${p(a.applied, 100)} | | |`,
      `| ${size(a.viewport)} | frame time during the run, p50 / p95 / max (ms) | ${p(a.frames, 50)} / ${p(a.frames, 95)} / ${p(a.frames, 100)} | p95 ≤ 100 | ${ok(percentile(a.frames, 95) <= 100)} |`,
      `| ${size(a.viewport)} | of which frames in which the map repainted (${a.renderFrames.length} of ${a.frames.length}), p50 / p95 (ms) | ${p(a.renderFrames, 50)} / ${p(a.renderFrames, 95)} | | |`,
      `| ${size(a.viewport)} | frame time repainting with no change, p50 / p95 (ms) | ${p(a.floor, 50)} / ${p(a.floor, 95)} | (the renderer's floor) | |`,
      `| ${size(a.viewport)} | edit → coverage event (server side), p50 / p95 / p99 (ms) | ${p(a.server, 50)} / ${p(a.server, 95)} / ${p(a.server, 99)} | p95 ≤ 200 | ${ok(percentile(a.server, 95) <= 200)} |`,
      `| ${size(a.viewport)} | first idle at 20,279 households (ms from navigation) | ${fmt(a.firstIdleMs, 0)} | | |`,
    ].join('\n');
  })
  .join('\n');
const a0 = runs[0]!;
const md = `
## bench:map — the command centre's live map (Debian Chromium, software GL)

Measured ${today} on ${machine()}; load average at the end ${fmt(load, 1)} — the machine is shared
with other jobs, and every figure below moves with that load.
/command as \`command\`; server as its own process; Redis \`appendfsync everysec\`; Chromium with SwiftShader.
Changes: six inspectors (stock y-websocket clients) toggle "checked" on ${a0.targets} household targets,
${RATE}/s for ${SECONDS} s per viewport. "Applied" = the map's own \`setFeatureState\` for that dot with the
new state (the page applies them in batches on an animation frame, at most twice a second); "event" = a socket.io client in the bench
process receiving the coverage delta; frame time = interval between animation frames.

| viewport | measure | result | target | |
|---|---|---|---|---|
${rows}
| ${size(WALL)} | first idle at ${b.households.toLocaleString('en')} households, 3 loads: min / median / max (ms) | ${b.idles.map((x) => fmt(x, 0)).join(' / ')} | ≤ 5000 | ${ok(percentile(b.idles, 50) <= 5_000)} |

First idle runs from navigation start to the map's first \`idle\`: the page's JavaScript, the map engine
chunk, \`/api/coverage/geo\` (gzip) and \`/api/map/config\`, GeoJSON tiling in the engine's worker and the
first full render. With software GL, frame time is set by the renderer (compare the no-change row),
not by the change handling, which takes a few milliseconds of script per frame.

What went into frame time: today's households in their own small source, the only one carrying
feature state (a state change rewrites a few hundred dots' paint buffers, not 20,000), every household
grey and static in a second source drawn only from zoom 10.6, a 16-px tile buffer, no background layer
and no fill outline pass, panels re-rendered at most 4×/s, and dots repainted in batches at most twice
a second — so most frames are free for panning and popups, and the repaint frames (their own row) are
what a software-GL repaint of the whole map costs. What remains is SwiftShader drawing a
1160×967 canvas (at 1920×1080) on two cores shared with the server and the clients: an empty maplibre
frame costs about 33 ms here, a bare WebGL clear 17 ms. A wall-screen PC draws with its GPU.
`;
writeSection('map', md);
process.stdout.write(md);
process.exit(0);
