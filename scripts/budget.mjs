// `npm run budget`: the JavaScript a phone must download before the first sheet renders, gzipped,
// against the budget (300 kB; JS_BUDGET_KB to change). Follows the entry chunk's static imports
// through Vite's build manifest (client/dist/.vite/manifest.json); chunks reached only by
// dynamic import (map engines, image compression, EXIF) load later, on the pages that use them.
// If the sheet page itself becomes a lazy route, its chunk and static imports are counted too.
// Writes the figures into bench/README.md (<!-- budget:start --> … <!-- budget:end -->) and exits
// 1 over budget, or if map code is on the critical path. `--build` rebuilds the client first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'client', 'dist');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
const readme = path.join(root, 'bench', 'README.md');
const BUDGET = Number(process.env.JS_BUDGET_KB ?? 300) * 1000; // kB as Vite reports them (1000 bytes)
/** Sources whose chunks, if lazy, are still needed to render a sheet. */
const SHEET_ROUTES = ['src/pages/SheetPage.svelte', 'src/App.svelte'];
const MAP_CODE = /maplibre-gl|mapbox-gl/;

if (process.argv.includes('--build') || !existsSync(manifestPath)) {
  process.stderr.write('[budget] building the client…\n');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
if (!entryKey) throw new Error(`no index.html entry in ${manifestPath}`);

/** Keys of every chunk loaded with `from` before it runs: its static imports, transitively. */
function staticClosure(from, seen = new Set()) {
  if (seen.has(from)) return seen;
  seen.add(from);
  for (const k of manifest[from]?.imports ?? []) staticClosure(k, seen);
  return seen;
}

const critical = staticClosure(entryKey);
for (const [k, chunk] of Object.entries(manifest)) {
  if (SHEET_ROUTES.some((r) => k.endsWith(r) || chunk.src?.endsWith(r))) staticClosure(k, critical);
}

const measure = (file) => {
  const bytes = readFileSync(path.join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const js = [...critical].map((k) => ({ key: k, ...measure(manifest[k].file) })).sort((a, b) => b.gzip - a.gzip);
const css = [...new Set([...critical].flatMap((k) => manifest[k].css ?? []))].map(measure);
const lazy = Object.entries(manifest)
  .filter(([k, c]) => !critical.has(k) && c.file.endsWith('.js'))
  .map(([k, c]) => ({ key: k, ...measure(c.file) }))
  .sort((a, b) => b.gzip - a.gzip);

const total = js.reduce((n, c) => n + c.gzip, 0);
const totalRaw = js.reduce((n, c) => n + c.raw, 0);
const mapOnPath = js.filter((c) => MAP_CODE.test(c.key) || MAP_CODE.test(c.file));
const kB = (n) => (n / 1000).toFixed(1);
const ok = total <= BUDGET && mapOnPath.length === 0;

const lines = [
  '## JavaScript budget — what a sheet needs before it renders',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run budget\` (scripts/budget.mjs) on ${os.platform()} ${os.release()}, Node ${process.version}.`,
  'The entry chunk of `index.html` and its static imports, from the Vite build manifest, gzip level 9;',
  'chunks reached only by `import()` (map engines, photo compression, EXIF) load later, where used.',
  '',
  `**${kB(total)} kB gzipped** (${kB(totalRaw)} kB raw) of a **${kB(BUDGET)} kB** budget — ${ok ? 'within budget' : '**OVER BUDGET**'}.`,
  '',
  '| chunk (critical path) | raw kB | gzip kB |',
  '|---|---|---|',
  ...js.map((c) => `| \`${c.file}\` | ${kB(c.raw)} | ${kB(c.gzip)} |`),
  ...css.map((c) => `| \`${c.file}\` (CSS, not counted) | ${kB(c.raw)} | ${kB(c.gzip)} |`),
  '',
  '| loaded later, on demand | gzip kB |',
  '|---|---|',
  ...lazy.map((c) => `| \`${c.file}\` | ${kB(c.gzip)} |`),
  '',
  'The server gzips them (compression middleware), so these are the bytes a phone downloads.',
];

const start = '<!-- budget:start -->';
const end = '<!-- budget:end -->';
const block = `${start}\n${lines.join('\n')}\n${end}`;
let text = existsSync(readme) ? readFileSync(readme, 'utf8') : '# Benchmarks\n';
const a = text.indexOf(start);
const b = text.indexOf(end);
text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
writeFileSync(readme, text);

process.stdout.write(`JS before the first sheet renders: ${kB(total)} kB gzipped (budget ${kB(BUDGET)} kB) in ${js.length} chunk(s)\n`);
if (mapOnPath.length > 0) process.stderr.write(`[budget] map code on the critical path: ${mapOnPath.map((c) => c.file).join(', ')}\n`);
if (!ok) {
  process.stderr.write('[budget] FAILED: over budget\n');
  process.exit(1);
}
