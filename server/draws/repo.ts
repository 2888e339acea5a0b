/**
 * The append-only audit log of published draws: one Redis stream per day, one entry per draw,
 * never rewritten. A Lua script appends only when the day's last seq is the one the publisher
 * read, so two publishes racing on one day cannot both become draw #n.
 *
 * The result is stored as the canonical JSON string it was hashed from; the verifier compares
 * those bytes, not a re-serialisation.
 */
import type { PublishedDraw } from '../../shared/drawApi';
import type { Redis } from '../redis/connect';
import { drawKeys as K } from './keys';

// KEYS: 1 the day's stream. ARGV: 1 expected last seq (0 = none yet), 2… field/value pairs.
// → the new entry id, or the actual last seq (a number) when it moved on.
const APPEND = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
local lastSeq = 0
if #last > 0 then
  local f = last[1][2]
  for i = 1, #f, 2 do
    if f[i] == 'seq' then lastSeq = tonumber(f[i + 1]) end
  end
end
if lastSeq ~= tonumber(ARGV[1]) then return lastSeq end
return redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
`;

/** A log entry as read back: the draw, and the exact bytes its result hash covers. */
export interface StoredDraw {
  /** The stream entry id (Redis-assigned, time-ordered). */
  entryId: string;
  draw: PublishedDraw;
  resultJson: string;
}

export class DrawLogCorrupt extends Error {
  override readonly name = 'DrawLogCorrupt';
}

function encode(d: PublishedDraw, resultJson: string): string[] {
  const fields: Record<string, string> = {
    seq: String(d.seq),
    date: d.date,
    seed: d.seed,
    algorithm: d.algorithm,
    registryHash: d.registryHash,
    settings: JSON.stringify(d.settings),
    settingsHash: d.settingsHash,
    recentlyChecked: JSON.stringify(d.recentlyChecked),
    awaitingRevisit: JSON.stringify(d.awaitingRevisit),
    result: resultJson,
    resultHash: d.resultHash,
    publishedBy: JSON.stringify(d.publishedBy),
    publishedAt: d.publishedAt,
    reason: d.reason ?? '',
    supersedes: d.supersedes === null ? '' : String(d.supersedes),
  };
  return Object.entries(fields).flat();
}

function decode(entryId: string, f: Record<string, string>): StoredDraw {
  try {
    const draw: PublishedDraw = {
      seq: Number(f.seq),
      date: f.date!,
      seed: f.seed!,
      algorithm: f.algorithm!,
      registryHash: f.registryHash!,
      settings: JSON.parse(f.settings!),
      settingsHash: f.settingsHash!,
      recentlyChecked: JSON.parse(f.recentlyChecked!),
      awaitingRevisit: JSON.parse(f.awaitingRevisit!),
      result: JSON.parse(f.result!),
      resultHash: f.resultHash!,
      publishedBy: JSON.parse(f.publishedBy!),
      publishedAt: f.publishedAt!,
      reason: f.reason ? f.reason : null,
      supersedes: f.supersedes ? Number(f.supersedes) : null,
    };
    return { entryId, draw, resultJson: f.result! };
  } catch (e) {
    // A hand-edited entry that no longer parses is itself a finding for the verifier.
    throw new DrawLogCorrupt(`draw log entry ${entryId}: ${(e as Error).message}`);
  }
}

export class DrawRepo {
  constructor(private readonly redis: Redis) {}

  /** Every draw of the day, oldest first. */
  async list(date: string): Promise<StoredDraw[]> {
    const entries = (await this.redis.xRange(K.log(date), '-', '+')) ?? [];
    return entries.map((e) => decode(e.id, e.message as Record<string, string>));
  }

  async latest(date: string): Promise<StoredDraw | null> {
    const [e] = (await this.redis.xRevRange(K.log(date), '+', '-', { COUNT: 1 })) ?? [];
    return e ? decode(e.id, e.message as Record<string, string>) : null;
  }

  async count(date: string): Promise<number> {
    return this.redis.xLen(K.log(date));
  }

  /** Appends draw `d` if the day's last seq is still `d.seq - 1`; 'conflict' otherwise. */
  async append(d: PublishedDraw, resultJson: string): Promise<'stored' | 'conflict'> {
    const r = await this.redis.eval(APPEND, { keys: [K.log(d.date)], arguments: [String(d.seq - 1), ...encode(d, resultJson)] });
    return typeof r === 'string' ? 'stored' : 'conflict';
  }

  /** Stores a registry snapshot under its hash unless it is there already (never overwritten). */
  async putSnapshot(hash: string, canonical: string): Promise<void> {
    await this.redis.set(K.snapshot(hash), canonical, { condition: 'NX' });
  }

  async snapshot(hash: string): Promise<string | null> {
    return this.redis.get(K.snapshot(hash));
  }
}
