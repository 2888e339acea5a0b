// `INSTANCES=3 npm start`: the demo on N server instances sharing one Redis, behind a round-robin
// balancer on PORT (default 8080) — every request and WebSocket may land on any instance, as behind
// a real load balancer without sticky sessions. Instances listen on PORT+1 … PORT+N and can be
// opened (or killed) one by one. Redis is the same one `npm start` keeps in DATA_DIR/redis.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { createProxyServer } from 'http-proxy-3';
import { register } from 'tsx/esm/api';
import { root, say } from './ensure.mjs';

const n = Number(process.env.INSTANCES);
const port = Number(process.env.PORT || 8080);
const dataDir = path.resolve(root, process.env.DATA_DIR || 'data');

async function redisUrl() {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  // The single-instance server's own find-or-start (DATA_DIR/redis, port file, detached so it
  // outlives any one instance — here that is the point), loaded through tsx.
  register();
  const { startLocalRedis } = await import('../server/redis/spawn.ts');
  const { createLogger } = await import('../server/logger.ts');
  const fsync = process.env.REDIS_APPENDFSYNC === 'everysec' ? 'everysec' : 'always';
  return (await startLocalRedis(dataDir, createLogger({ instance: 'cluster' }), fsync)).url;
}

async function healthy(p) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${p}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`instance on port ${p} did not become ready`);
}

const url = await redisUrl();
const children = [];
function instance(i) {
  const p = port + 1 + i;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    // Only the first prints the demo logins.
    env: { ...process.env, PORT: String(p), REDIS_URL: url, INSTANCE_ID: `i${i + 1}`, ...(i > 0 ? { QUIET_BANNER: '1' } : {}) },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => say(`instance i${i + 1} (port ${p}) exited (${signal ?? code}); the others carry on`));
  children.push(child);
  return p;
}

// The first instance seeds the demo county; the others start once it is ready.
await healthy(instance(0));
await Promise.all(Array.from({ length: n - 1 }, (_, k) => healthy(instance(k + 1))));

const targets = Array.from({ length: n }, (_, i) => `http://127.0.0.1:${port + 1 + i}`);
const proxy = createProxyServer({ ws: true, xfwd: true });
// Round robin over the instances whose /healthz said ready at the last look (every second), as a
// load balancer's health check would: kill one and new requests go to the others.
let ready = targets;
setInterval(async () => {
  const ok = await Promise.all(targets.map((t) => fetch(`${t}/healthz`, { signal: AbortSignal.timeout(800) }).then((r) => r.status === 200, () => false)));
  ready = targets.filter((_, i) => ok[i]);
}, 1000).unref();
let next = 0;
const pick = () => {
  const pool = ready.length ? ready : targets;
  return pool[next++ % pool.length];
};
proxy.on('error', (err, req, res) => {
  if (res && 'writeHead' in res && !res.headersSent) {
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`instance unavailable: ${err.message}; reload to reach another\n`);
  } else res?.destroy?.();
});
const server = http.createServer((req, res) => proxy.web(req, res, { target: pick() }));
server.on('upgrade', (req, socket, head) => proxy.ws(req, socket, head, { target: pick() }));
server.listen(port, () => {
  say(`${n} instances (ports ${port + 1}–${port + n}) on ${url}, round-robin at http://localhost:${port}`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close();
    for (const c of children) c.kill(sig);
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
