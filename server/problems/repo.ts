/**
 * The problem ledger in Redis (not Yjs: a problem has one history, written by one rule set).
 * One JSON record per problem plus index sets, changed only by a Lua compare-and-set on the
 * record's version — so two requests racing on one problem cannot both apply, and a creation
 * under a deterministic id happens once however often a sign-off is retried.
 */
import { createHash } from 'node:crypto';
import type { AwaitingRevisit } from '../../shared/draw/types';
import { isOverdue } from '../../shared/problems/machine';
import type { Problem, ProblemView } from '../../shared/problems/types';
import type { Redis } from '../redis/connect';
import { ledgerKeys as K } from './keys';

// KEYS: 1 record, 2 all, 3 old state set, 4 new state set, 5 old unit set, 6 new unit set
// ARGV: 1 expected version (0 = create: must not exist), 2 record JSON, 3 id, 4 score (ms)
// → 1 stored, 0 refused (exists / version moved on), -1 no such problem
const SAVE = `
local cur = redis.call('GET', KEYS[1])
local expected = tonumber(ARGV[1])
if expected == 0 then
  if cur then return 0 end
else
  if not cur then return -1 end
  if tonumber(cjson.decode(cur)['version']) ~= expected then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[3])
if KEYS[3] ~= KEYS[4] then redis.call('SREM', KEYS[3], ARGV[3]) end
redis.call('SADD', KEYS[4], ARGV[3])
if KEYS[5] ~= KEYS[6] then redis.call('SREM', KEYS[5], ARGV[3]) end
redis.call('SADD', KEYS[6], ARGV[3])
return 1
`;

/** `p_` + 16 hex digits of SHA-256(sheet, finding): a retried sign-off names the same problem. */
export function problemIdFor(docName: string, findingId: string): string {
  return 'p_' + createHash('sha256').update(`${docName}\n${findingId}`).digest('hex').slice(0, 16);
}

export type SaveResult = 'stored' | 'conflict' | 'missing';

export class ProblemRepo {
  constructor(private readonly redis: Redis) {}

  async get(id: string): Promise<Problem | null> {
    const raw = await this.redis.get(K.problem(id));
    return raw ? (JSON.parse(raw) as Problem) : null;
  }

  /** Creates the problem unless one with its id exists; true when this call created it. */
  async create(p: Problem): Promise<boolean> {
    return (await this.save(p, null)) === 'stored';
  }

  /**
   * Stores `next` if the stored record is still `prev` (same version). `prev` null: create.
   * The caller re-reads and re-decides on 'conflict'.
   */
  async save(next: Problem, prev: Problem | null): Promise<SaveResult> {
    const r = await this.redis.eval(SAVE, {
      keys: [
        K.problem(next.id),
        K.all,
        K.byState(prev?.state ?? next.state),
        K.byState(next.state),
        K.byUnit(prev?.unitId ?? next.unitId),
        K.byUnit(next.unitId),
      ],
      arguments: [String(prev ? prev.version : 0), JSON.stringify(next), next.id, String(Date.parse(next.createdAt) || Date.now())],
    });
    return Number(r) === 1 ? 'stored' : Number(r) === -1 ? 'missing' : 'conflict';
  }

  private async many(ids: string[]): Promise<Problem[]> {
    if (ids.length === 0) return [];
    const out: Problem[] = [];
    // MGET in slices: a county's ledger is thousands of records, not millions.
    for (let i = 0; i < ids.length; i += 500) {
      const raws = await this.redis.mGet(ids.slice(i, i + 500).map(K.problem));
      for (const r of raws) if (r) out.push(JSON.parse(r) as Problem);
    }
    return out;
  }

  /** Every problem, oldest first; or one unit's. */
  async list(opts: { unitId?: string } = {}): Promise<Problem[]> {
    if (opts.unitId) {
      const ids = await this.redis.sMembers(K.byUnit(opts.unitId));
      return (await this.many(ids)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    }
    return this.many(await this.redis.zRange(K.all, 0, -1));
  }

  async inState(state: Problem['state']): Promise<Problem[]> {
    return this.many(await this.redis.sMembers(K.byState(state)));
  }

  /**
   * Problems reported rectified and waiting for their re-visit, in the shape the draw takes for
   * its `rectification` pool (shared/draw/types.ts).
   */
  async awaitingRevisit(): Promise<AwaitingRevisit[]> {
    const list = await this.inState('awaiting_revisit');
    return list
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({ problemId: p.id, villageId: p.villageId, ...(p.householdId ? { householdId: p.householdId } : {}), label: p.description }));
  }
}

export function view(p: Problem, today: string): ProblemView {
  return { ...p, overdue: isOverdue(p, today) };
}
