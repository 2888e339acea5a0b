// `npm start`: installs what is missing, builds the client, starts Redis (when REDIS_URL is
// unset), the server and the demo county, and prints the URL and the demo logins.
// INSTANCES=3 runs several instances on one Redis behind a round-robin balancer (cluster.mjs).
import { spawn } from 'node:child_process';
import { ensureApt, ensureClientBuilt, ensureNodeModules, root, say } from './ensure.mjs';

ensureNodeModules();
if (!process.env.REDIS_URL && !ensureApt('redis-server', ['redis-server'], 'to keep the data (or set REDIS_URL)')) process.exit(1);
ensureClientBuilt();

if (Number(process.env.INSTANCES) > 1) {
  await import('./cluster.mjs');
} else {
  say('starting the server…');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
