/** A real redis-server per test file, on a free port, in a temporary directory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { freePort } from '../../server/redis/spawn';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** Stops Redis: `SHUTDOWN` (clean) or SIGKILL. */
  stop(how?: 'clean' | 'kill'): Promise<void>;
  /** Starts it again on the same port and directory (data from the AOF). */
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const c = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 300 } });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      await c.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`redis at ${url} did not start`);
}

/** `parentDir`: where the AOF lives (the benchmark puts it on tmpfs to take the disk out of a run). */
export async function startTestRedis(opts: { appendfsync?: 'always' | 'everysec' | 'no'; parentDir?: string } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(opts.parentDir ?? tmpdir(), 'suicha-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', opts.appendfsync ?? 'always', '--save', ''],
      { stdio: 'ignore' },
    );
    await waitReady(url);
  };
  const stop = async (how: 'clean' | 'kill' = 'clean') => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    await exited;
    proc = null;
  };
  await start();
  return {
    url,
    port,
    dir,
    stop,
    start,
    async cleanup() {
      await stop('kill');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
