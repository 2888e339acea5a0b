/**
 * `npm run -s draw:verify -- --date <YYYY-MM-DD> [--seq N]`
 *
 * Recomputes the day's published draws from Redis — the audit log, the registry snapshot each
 * draw names, the stored recent checks and problems — and compares each with what was published,
 * byte for byte; for the draw in force it also checks every group's sheet carries the list.
 * Runs the same checks as `GET /api/draws/<date>/verify`, without a server.
 *
 * Redis: REDIS_URL, else the local Redis a server started under DATA_DIR (default ./data).
 * Exit codes: 0 every draw matches; 1 a difference (each one printed); 2 bad arguments, no
 * draw for the date, or no Redis to read.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { createClient } from 'redis';
import * as Y from 'yjs';
import { isDay } from '../shared/dates';
import { parseSheetDocName } from '../shared/sheet';
import { DrawRepo } from '../server/draws/repo';
import { verifyDay } from '../server/draws/verify';
import { binary, type Redis } from '../server/redis/connect';
import { keys } from '../server/redis/keys';
import { findLocalRedis } from '../server/redis/spawn';
import { RedisDocStore } from '../server/sync/redisDocStore';

const USAGE = 'usage: npm run -s draw:verify -- --date <YYYY-MM-DD> [--seq N]';
const EXIT_DIFFERENT = 1;
const EXIT_CANNOT_CHECK = 2;

function fail(message: string): never {
  process.stderr.write(`draw:verify: ${message}\n${USAGE}\n`);
  process.exit(EXIT_CANNOT_CHECK);
}

function args(): { date: string; seq?: number } {
  let values: { date?: string; seq?: string };
  try {
    ({ values } = parseArgs({ options: { date: { type: 'string' }, seq: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.date === undefined) fail('--date is missing');
  if (!isDay(values.date)) fail(`--date: must be a calendar day YYYY-MM-DD, got ${JSON.stringify(values.date)}`);
  if (values.seq === undefined) return { date: values.date };
  const seq = Number(values.seq);
  if (!Number.isSafeInteger(seq) || seq < 1) fail(`--seq: must be a draw number 1, 2, …, got ${JSON.stringify(values.seq)}`);
  return { date: values.date, seq };
}

async function connect(): Promise<Redis> {
  const url = process.env.REDIS_URL || (await findLocalRedis(path.resolve(process.env.DATA_DIR || './data')));
  if (!url) fail('no Redis: set REDIS_URL, or run this where the server keeps its data (DATA_DIR, default ./data)');
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
  client.on('error', () => undefined); // the failed connect below says what went wrong
  try {
    await client.connect();
  } catch (e) {
    fail(`cannot reach Redis at ${url}: ${(e as Error).message}`);
  }
  return client as unknown as Redis;
}

const short = (hex: string) => `${hex.slice(0, 12)}…`;

async function main(): Promise<number> {
  const a = args();
  const redis = await connect();
  try {
    const repo = new DrawRepo(redis);
    const store = new RedisDocStore(binary(redis), 0);
    const loadSheet = async (docName: string) => {
      const n = parseSheetDocName(docName);
      if (!n || !(await redis.hExists(keys.sheetsOfDay(n.date), n.groupId))) return null;
      const loaded = await store.load(docName);
      const doc = new Y.Doc();
      if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
      for (const e of loaded.entries) Y.applyUpdate(doc, e.update);
      return doc;
    };
    const report = await verifyDay({ repo, loadSheet, now: () => new Date() }, a.date, a.seq);
    if (!report) fail(a.seq ? `no draw #${a.seq} published for ${a.date}` : `no draw published for ${a.date}`);
    const stored = new Map((await repo.list(a.date)).map((s) => [s.draw.seq, s.draw]));
    const out: string[] = [`draw:verify ${a.date}: ${report.draws.length} draw(s) recomputed`];
    for (const r of report.draws) {
      const d = stored.get(r.seq);
      const who = d ? ` published ${d.publishedAt} by ${d.publishedBy.name}${d.reason ? ` (reason: ${d.reason})` : ''} seed ${short(d.seed)}` : '';
      out.push(`  #${r.seq}${who} result ${short(r.resultHash)}: ${r.ok ? 'OK' : 'DIFFERENT'}`);
      for (const x of report.differences.filter((x) => x.seq === r.seq)) out.push(`    - [${x.code}] ${x.message}`);
    }
    // Log-level findings (a broken sequence) may name a draw that was not among those checked.
    const checked = new Set(report.draws.map((r) => r.seq));
    for (const x of report.differences.filter((x) => !checked.has(x.seq))) out.push(`  log: [${x.code}] ${x.message}`);
    out.push(report.ok ? 'every draw matches what was published' : `${report.differences.length} difference(s): the published draw cannot be reproduced`);
    process.stdout.write(out.join('\n') + '\n');
    return report.ok ? 0 : EXIT_DIFFERENT;
  } finally {
    await redis.close().catch(() => undefined);
  }
}

process.exitCode = await main();
