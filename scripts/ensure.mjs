// Self-installing prerequisites for `npm start` and `npm test`. Plain Node (no dependencies):
// it runs before `npm install` has happened.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function say(msg) {
  process.stderr.write(`[suicha] ${msg}\n`);
}

function run(cmd, opts = {}) {
  const r = spawnSync(cmd, { shell: true, stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`command failed (${r.status}): ${cmd}`);
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** npm packages: installed when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && mtime(marker) >= mtime(lock)) return;
  say('installing npm packages…');
  run('npm install --no-audit --no-fund');
}

let aptUpdated = false;
/** A Debian package: apt-get when we are root, otherwise print the one command to run. */
export function ensureApt(bin, pkgs, why) {
  if (has(bin)) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    say(`${bin} is needed ${why}. Install it with:\n\n    sudo apt-get install -y ${pkgs.join(' ')}\n`);
    return false;
  }
  say(`installing ${pkgs.join(' ')} (${why})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get update -qq', { env });
    aptUpdated = true;
  }
  run(`apt-get install -y -qq --no-install-recommends ${pkgs.join(' ')}`, { env });
  return has(bin);
}

function newestIn(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}

/** The client bundle: rebuilt when any client or shared source is newer than it. */
export function ensureClientBuilt(force = false) {
  const built = mtime(path.join(root, 'client', 'dist', 'index.html'));
  const sources = Math.max(newestIn(path.join(root, 'client')), newestIn(path.join(root, 'shared')), mtime(path.join(root, 'vite.config.ts')));
  if (!force && built > sources) return;
  say('building the client…');
  run('npx vite build --logLevel warn');
}

export function gitRevision() {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'dev';
  }
}
