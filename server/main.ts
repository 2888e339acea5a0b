/** Entry point: `npm start` (via scripts/start.mjs) and `npm run serve`. */
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startLocalRedis, type LocalRedis } from './redis/spawn';
import { startServer } from './server';

const config = loadConfig();
const log = createLogger({ instance: config.instanceId });

let local: LocalRedis | null = null;
const redisUrl = config.redisUrl ?? (local = await startLocalRedis(config.dataDir, log, config.appendfsync)).url;
let running: Awaited<ReturnType<typeof startServer>>;
try {
  running = await startServer(config, redisUrl, log);
} catch (err) {
  // e.g. the port is taken: say so plainly, and leave no Redis of ours behind.
  const e = err as NodeJS.ErrnoException;
  log.error('server.start_failed', { err });
  if (e.code === 'EADDRINUSE') process.stderr.write(`\n  Port ${config.port} is in use: stop the other server or set PORT.\n\n`);
  if (local?.owned) await local.stop();
  process.exit(1);
}

if (running.demoAccounts.length > 0 && process.env.QUIET_BANNER !== '1') {
  const lines = [
    '',
    `  随查 Suicha is running:  http://localhost:${running.port}`,
    '',
    `  Demo logins (password: ${config.demoPassword}):`,
    ...running.demoAccounts.map((a) => `    ${a.username.padEnd(14)} ${a.role.padEnd(10)} ${a.name}`),
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('server.stopping', { signal });
  await running.close();
  if (local?.owned) await local.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
