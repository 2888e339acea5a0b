/**
 * `INSTANCES=3 npm start` (scripts/cluster.mjs): three instances of the demo on one Redis behind a
 * round-robin balancer. Two editors through the balancer see each other's edits; requests spread
 * over every instance; with one instance killed the demo carries on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInZone } from '../shared/dates';
import { sheetDocName } from '../shared/sheet';
import { freePort } from '../server/redis/spawn';
import { login } from './helpers/server';
import { synced, until, yclient, type YClient } from './helpers/yclient';

const root = path.resolve(import.meta.dirname, '..');
let proc: ChildProcess;
let dataDir: string;
let port: number;
let base: string;
const clients: YClient[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'suicha-cluster-'));
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  proc = spawn(process.execPath, ['scripts/cluster.mjs'], {
    cwd: root,
    env: { ...process.env, INSTANCES: '3', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', LOGIN_RATE_LIMIT: '1000', REDIS_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await until(() => /round-robin at/.test(err) || proc.exitCode !== null, 120_000, 'the balancer');
  if (proc.exitCode !== null) throw new Error(err);
}, 150_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  if (proc?.pid) {
    const exited = new Promise((r) => proc.once('exit', r));
    process.kill(-proc.pid, 'SIGTERM');
    await exited;
  }
  // The Redis it started is detached (it outlives instances): stop it by its port file.
  try {
    const p = readFileSync(path.join(dataDir, 'redis', 'port'), 'utf8').trim();
    spawn('redis-cli', ['-p', p, 'shutdown', 'nosave'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
  } catch {
    // never started
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** The instance process listening on `p` (found by its environment, as `ps e` would). */
function instancePid(p: number): number {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const env = readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (env.includes(`PORT=${p}`) && env.includes('INSTANCES=3') && env.some((e) => e.startsWith('INSTANCE_ID='))) return Number(d);
    } catch {
      // gone, or not ours
    }
  }
  return 0;
}

describe('INSTANCES=3 npm start', () => {
  it('serves the demo from three instances behind one address; edits cross instances; one killed, the rest carry on', { timeout: 90_000 }, async () => {
    // Requests spread over the instances: /healthz names each one.
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const text = await (await fetch(`${base}/healthz`)).json();
      seen.add(String((text as { instance?: string }).instance));
    }
    expect(seen.size).toBe(3);

    const doc = sheetDocName('g1', dayInZone(new Date(), 'Asia/Shanghai'));
    const a = yclient(base, doc, (await login(base, 'inspector1a')).token);
    const b = yclient(base, doc, (await login(base, 'inspector1b')).token);
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    a.doc.getMap('probe').set('from-a', 1);
    await until(() => b.doc.getMap('probe').get('from-a') === 1, 10_000, 'edit from a at b');

    // Kill the first instance (it printed the banner and seeded the demo): the others still answer.
    const pid = instancePid(port + 1);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    for (let i = 0; i < 6; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const c = yclient(base, doc, (await login(base, 'leader1')).token);
    clients.push(c);
    await synced(c);
    expect(c.doc.getMap('probe').get('from-a')).toBe(1);
  });
});
