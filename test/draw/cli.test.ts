/** `npm run -s draw`: anyone with the seed reproduces a day's lists byte for byte, without a server. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, drawLists } from '../../shared/draw';
import { scenarioArb } from './scenario';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const SEED = '3f2a'.repeat(16);

async function draw(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/draw.ts', ...args], { cwd: root, maxBuffer: 16 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'suicha-draw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the draw command line', () => {
  it('prints byte-identical canonical JSON when run twice with the same date and seed', async () => {
    const [a, b] = await Promise.all([draw('--date', '2019-02-12', '--seed', SEED), draw('--date', '2019-02-12', '--seed', SEED)]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const result = JSON.parse(a.stdout);
    expect(result).toMatchObject({ date: '2019-02-12', seed: SEED });
    expect(result.groups).toHaveLength(6);
    expect(a.stdout.endsWith('}\n')).toBe(true);
  });

  it('exits with code 2 and says what is wrong with a malformed seed', async () => {
    const r = await draw('--date', '2019-02-12', '--seed', 'not-a-seed');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--seed: must be exactly 64 hex digits');
  });

  it('exits with code 2 and says what is wrong with a missing or impossible date', async () => {
    const [missing, impossible] = await Promise.all([draw('--seed', SEED), draw('--date', '2019-02-30', '--seed', SEED)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--date is missing');
    expect(impossible.code).toBe(2);
    expect(impossible.stderr).toContain('--date: must be a calendar day');
  });

  it('replays a whole stored draw input (registry snapshot, settings, recent checks) given with --input', async () => {
    const input = fc.sample(scenarioArb, { numRuns: 1, seed: 11 })[0]!;
    const file = path.join(tmp, 'input.json');
    writeFileSync(file, JSON.stringify(input));
    const r = await draw('--input', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${canonicalJson(drawLists(input))}\n`);
    const bad = await draw('--input', path.join(tmp, 'missing.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--input: cannot read');
  });
});
