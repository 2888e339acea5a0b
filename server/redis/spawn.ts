/**
 * Starts a local redis-server when REDIS_URL is not set. Data lives in DATA_DIR/redis with AOF
 * on, `appendfsync always` by default (REDIS_APPENDFSYNC=everysec to change it). Why: with
 * `everysec`, Redis may reply before it has even write()n the AOF (it postpones the write while a
 * background fsync is slow), so `kill -9` of Redis under disk pressure can lose an update a peer
 * has already seen — our durability test caught exactly that. `always` writes and fsyncs before
 * every reply (batched across clients per event-loop turn); its cost on this machine is in
 * bench/README.md.
 *
 * A Redis left running by a server that was killed is reused, never started twice on one dir.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createClient } from 'redis';
import type { Logger } from '../logger';

export interface LocalRedis {
  url: string;
  /** Whether this process started it (and should stop it on shutdown). */
  owned: boolean;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function ping(url: string, expectDir?: string): Promise<boolean> {
  const c = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: false } });
  c.on('error', () => undefined);
  try {
    await c.connect();
    if (expectDir) {
      const cfg = (await c.configGet('dir')) as Record<string, string>;
      if (path.resolve(cfg.dir ?? '') !== path.resolve(expectDir)) return false;
    }
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (c.isOpen) await c.close().catch(() => undefined);
  }
}

export function redisServerPath(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * The URL of a Redis a server started under `dataDir` (its port is in DATA_DIR/redis/port) if it
 * is running and really serves that directory; null otherwise. Also used by command-line tools
 * (`draw:verify`) to find the local server's Redis.
 */
export async function findLocalRedis(dataDir: string): Promise<string | null> {
  const dir = path.join(dataDir, 'redis');
  let port: number;
  try {
    port = Number(readFileSync(path.join(dir, 'port'), 'utf8').trim());
  } catch {
    return null; // no port file yet: never started here
  }
  const url = `redis://127.0.0.1:${port}`;
  return port > 0 && (await ping(url, dir)) ? url : null;
}

export async function startLocalRedis(dataDir: string, log: Logger, fsync: 'always' | 'everysec' = 'always'): Promise<LocalRedis> {
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const portFile = path.join(dir, 'port');
  const running = await findLocalRedis(dataDir);
  if (running) {
    log.info('redis.reused', { url: running, dir });
    return { url: running, owned: false, stop: async () => undefined };
  }
  const bin = redisServerPath();
  if (!bin) throw new Error('redis-server is not installed: run `sudo apt-get install -y redis-server` or set REDIS_URL');
  const port = await freePort();
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', fsync, '--save', '', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await ping(url)) break;
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}; see ${dir}/redis.log`);
    await new Promise((r) => setTimeout(r, 100));
  }
  writeFileSync(portFile, String(port));
  log.info('redis.started', { url, dir, pid: child.pid, appendfsync: fsync });
  return {
    url,
    owned: true,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}
