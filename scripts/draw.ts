/**
 * `npm run -s draw -- --date <YYYY-MM-DD> --seed <64 hex digits> [--pretty]`
 *
 * Prints that day's random-check lists for the demo county (default settings) as canonical
 * JSON, without a server: anyone holding a published seed can reproduce the lists, and the same
 * arguments always print the same bytes. Bad arguments: a message on stderr and exit code 2.
 */
import { parseArgs } from 'node:util';
import { generateDemoCounty } from '../shared/demo/generate';
import { canonicalJson, drawLists, validateDrawInput } from '../shared/draw';

const USAGE = 'usage: npm run -s draw -- --date <YYYY-MM-DD> --seed <64 hex digits> [--pretty]';
const EXIT_BAD_ARGS = 2;

function fail(message: string): never {
  process.stderr.write(`draw: ${message}\n${USAGE}\n`);
  process.exit(EXIT_BAD_ARGS);
}

function args(): { date: string; seed: string; pretty: boolean } {
  try {
    const { values } = parseArgs({
      options: { date: { type: 'string' }, seed: { type: 'string' }, pretty: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    });
    if (values.date === undefined) fail('--date is missing');
    if (values.seed === undefined) fail('--seed is missing');
    return { date: values.date, seed: values.seed, pretty: values.pretty };
  } catch (e) {
    // parseArgs throws TypeError with a readable message for unknown or malformed options.
    fail(e instanceof Error ? e.message : String(e));
  }
}

// A reader that stops early (`| head`) closes the pipe; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

const { date, seed, pretty } = args();
const registry = generateDemoCounty();
const input = { registry, date, seed };
// Checked before drawing so the message names the argument, not an internal field.
const errors = validateDrawInput(input);
if (errors.length > 0) fail(errors.map((e) => (e.path === 'seed' || e.path === 'date' ? `--${e.message}` : e.message)).join('\n'));
const json = canonicalJson(drawLists(input));
// --pretty re-indents the canonical text for reading; key order stays canonical.
process.stdout.write(`${pretty ? JSON.stringify(JSON.parse(json), null, 2) : json}\n`);
