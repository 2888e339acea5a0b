/** Our server for tests: in-process on port 0, or as a child process that can be `kill -9`ed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config';
import { createLogger, silentLogger } from '../../server/logger';
import { freePort } from '../../server/redis/spawn';
import { startServer, type RunningServer } from '../../server/server';
import type { LoginResponse } from '../../shared/api';

export const DEMO_PASSWORD = 'suicha-demo';
const root = path.resolve(import.meta.dirname, '../..');

export function testConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Config {
  return {
    ...loadConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'suicha-data-')), LOGIN_RATE_LIMIT: '1000', ...env }),
    port: 0,
    clientDist: path.join(root, 'client', 'dist'),
    ...overrides,
  };
}

export async function startTestServer(redisUrl: string, overrides: Partial<Config> = {}): Promise<RunningServer> {
  const log = process.env.TEST_LOGS ? createLogger({ test: true }) : silentLogger;
  return startServer(testConfig(overrides), redisUrl, log);
}

export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<LoginResponse> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()) as LoginResponse;
}

export function wsUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws') + '/yjs';
}

export interface ChildServer {
  url: string;
  port: number;
  proc: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The real entry point (`server/main.ts`) as its own process. */
export async function spawnServer(env: Record<string, string>, port?: number, nodeArgs: string[] = []): Promise<ChildServer> {
  const p = port ?? (await freePort());
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(p), QUIET_BANNER: '1', LOG_LEVEL: 'warn', LOGIN_RATE_LIMIT: '1000', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${p}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 300) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: p,
    proc,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await exited;
    },
  };
}
