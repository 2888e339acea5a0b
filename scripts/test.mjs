// `npm test`: the whole suite. Installs what the tests need first (npm packages, redis-server,
// Debian chromium and CJK fonts for the browser tests), builds the client, runs Vitest.
// Extra arguments go to Vitest, e.g. `npm test -- test/sync`.
import { spawnSync } from 'node:child_process';
import { ensureApt, ensureClientBuilt, ensureNodeModules, root, say } from './ensure.mjs';

ensureNodeModules();
const ok =
  ensureApt('redis-server', ['redis-server'], 'for the tests (a real Redis per test file)') &&
  ensureApt('chromium', ['chromium', 'fonts-noto-cjk'], 'for the end-to-end tests');
if (!ok) process.exit(1);
ensureClientBuilt();

say('running the tests…');
const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
