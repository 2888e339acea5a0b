import { docKeys } from '../redis/keys';
import type { BinaryRedis } from '../redis/connect';
import { compareIds, ZERO_ID, type DocStore, type LoadedDoc, type StoredUpdate } from './docStore';

// Snapshot and stream are read in one script so a concurrent compaction cannot slip between
// the two reads (that would drop the entries it trims).
const LOAD = `
local s = redis.call('HMGET', KEYS[1], 'id', 'data')
return {s[1], s[2], redis.call('XRANGE', KEYS[2], '-', '+')}
`;

// Stream ids compare as (ms, seq); Lua numbers are doubles, exact up to 2^53, enough for both.
// Trimming keeps the last `grace` ms of entries even when the snapshot covers them, so other
// instances' followers (normally milliseconds behind) read them before they go; a follower that
// falls further behind sees `trimmed` pass its position and reloads the document.
const COMPACT = `
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local cur = redis.call('HGET', KEYS[1], 'id')
local nms, nseq = parse(ARGV[2])
if cur then
  local cms, cseq = parse(cur)
  if cms > nms or (cms == nms and cseq >= nseq) then return 0 end
end
redis.call('HSET', KEYS[1], 'id', ARGV[2], 'data', ARGV[1])
local t = redis.call('TIME')
local graceMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[3])
local minid
if graceMs <= nms then minid = graceMs .. '-0' else minid = nms .. '-' .. (nseq + 1) end
redis.call('XTRIM', KEYS[2], 'MINID', minid)
local prev = redis.call('HGET', KEYS[1], 'trimmed')
if prev then
  local pms, pseq = parse(prev)
  local mms, mseq = parse(minid)
  if pms > mms or (pms == mms and pseq >= mseq) then return 1 end
end
redis.call('HSET', KEYS[1], 'trimmed', minid)
return 1
`;

type Raw = Buffer | string | null;
const str = (v: Raw): string => (v === null ? '' : Buffer.isBuffer(v) ? v.toString('latin1') : v);

function parseEntry(raw: unknown): StoredUpdate | null {
  if (!Array.isArray(raw) || raw.length < 2) return null;
  const id = str(raw[0] as Raw);
  const fields = raw[1] as Raw[];
  let update: Uint8Array | null = null;
  let origin = '';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const k = str(fields[i]!);
    const v = fields[i + 1]!;
    if (k === 'u' && Buffer.isBuffer(v)) update = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    else if (k === 'i') origin = str(v);
  }
  return update ? { id, update, origin } : null;
}

export class RedisDocStore implements DocStore {
  /** `trimGraceMs`: how long entries stay in the stream after a snapshot covers them. */
  constructor(
    private readonly redis: BinaryRedis,
    private readonly trimGraceMs = 5_000,
  ) {}

  async load(docName: string): Promise<LoadedDoc> {
    const k = docKeys(docName);
    const res = (await this.redis.eval(LOAD, { keys: [k.snapshot, k.stream] })) as [Raw, Raw, unknown[]];
    const snapshotId = res[0] ? str(res[0]) : ZERO_ID;
    const snapBuf = res[1];
    const snapshot = Buffer.isBuffer(snapBuf) ? new Uint8Array(snapBuf.buffer, snapBuf.byteOffset, snapBuf.byteLength) : null;
    const entries: StoredUpdate[] = [];
    for (const raw of res[2] ?? []) {
      const e = parseEntry(raw);
      if (e && compareIds(e.id, snapshotId) > 0) entries.push(e);
    }
    const lastId = entries.length ? entries[entries.length - 1]!.id : snapshotId;
    return { snapshot, snapshotId, entries, lastId };
  }

  async append(docName: string, update: Uint8Array, origin: string): Promise<string> {
    const id = await this.redis.xAdd(docKeys(docName).stream, '*', { u: Buffer.from(update), i: origin });
    return Buffer.isBuffer(id) ? id.toString('latin1') : String(id);
  }

  async compact(docName: string, snapshot: Uint8Array, upToId: string): Promise<boolean> {
    const k = docKeys(docName);
    const r = await this.redis.eval(COMPACT, {
      keys: [k.snapshot, k.stream],
      arguments: [Buffer.from(snapshot), upToId, String(this.trimGraceMs)],
    });
    return Number(r) === 1;
  }

  async trimmedBelow(docNames: string[]): Promise<string[]> {
    if (docNames.length === 0) return [];
    const m = this.redis.multi();
    for (const n of docNames) m.hGet(docKeys(n).snapshot, 'trimmed');
    const res = (await m.exec()) as unknown as (Buffer | string | null)[];
    return res.map((v) => (v === null || v === undefined ? ZERO_ID : str(v as Raw)));
  }

  async streamLength(docName: string): Promise<number> {
    return Number(await this.redis.xLen(docKeys(docName).stream));
  }
}
