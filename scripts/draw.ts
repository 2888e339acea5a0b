/**
 * `npm run -s draw -- --date <YYYY-MM-DD> --seed <64 hex digits> [--pretty]`
 * `npm run -s draw -- --input <draw-input.json> [--date …] [--seed …] [--pretty]`
 *
 * Prints that day's random-check lists as canonical JSON, without a server: anyone holding a
 * published seed can reproduce the lists, and the same arguments always print the same bytes.
 * Without --input the county is the demo county with default settings and no recent checks;
 * with --input the file is a whole `DrawInput` (registry snapshot, settings, recent checks,
 * problems awaiting re-visit), so a real published day can be replayed exactly.
 * Bad arguments: a message on stderr and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoCounty } from '../shared/demo/generate';
import { canonicalJson, drawLists, validateDrawInput, type DrawInput } from '../shared/draw';

const USAGE = 'usage: npm run -s draw -- --date <YYYY-MM-DD> --seed <64 hex digits> [--input <draw-input.json>] [--pretty]';
const EXIT_BAD_ARGS = 2;

function fail(message: string): never {
  process.stderr.write(`draw: ${message}\n${USAGE}\n`);
  process.exit(EXIT_BAD_ARGS);
}

interface Args {
  date?: string;
  seed?: string;
  input?: string;
  pretty: boolean;
}

function args(): Args {
  try {
    const { values } = parseArgs({
      options: { date: { type: 'string' }, seed: { type: 'string' }, input: { type: 'string' }, pretty: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (e) {
    // parseArgs throws a TypeError with a readable message for unknown or malformed options.
    fail(e instanceof Error ? e.message : String(e));
  }
}

function readInput(file: string): Partial<DrawInput> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`--input: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || !('registry' in value)) fail(`--input: ${file} is not a draw input (no "registry")`);
    return value as Partial<DrawInput>;
  } catch (e) {
    fail(`--input: ${file} is not JSON: ${(e as Error).message}`);
  }
}

// A reader that stops early (`| head`) closes the pipe; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

const a = args();
const file = a.input === undefined ? {} : readInput(a.input);
const date = a.date ?? file.date;
const seed = a.seed ?? file.seed;
if (date === undefined) fail('--date is missing');
if (seed === undefined) fail('--seed is missing');
const input: DrawInput = { ...file, registry: file.registry ?? generateDemoCounty(), date, seed };
// Checked before drawing so the message names the argument, not an internal field.
const errors = validateDrawInput(input);
if (errors.length > 0) fail(errors.map((e) => (e.path === 'seed' || e.path === 'date' ? `--${e.message}` : e.message)).join('\n'));
const json = canonicalJson(drawLists(input));
// --pretty re-indents the canonical text for reading; key order stays canonical.
process.stdout.write(`${a.pretty ? JSON.stringify(JSON.parse(json), null, 2) : json}\n`);
