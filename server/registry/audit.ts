/**
 * The admin audit trail: who changed what, when, with the value before and after. One Redis
 * stream for the whole trail (ids from Redis, so entries order across instances), and a short
 * list per entity for the history shown beside an edit form.
 */
import type { AuditEntity, AuditEntry } from '../../shared/adminApi';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';

const TRAIL_MAX = 200_000;
const PER_ENTITY = 50;

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export class AuditLog {
  constructor(private readonly redis: Redis) {}

  async record(e: NewAuditEntry): Promise<void> {
    const at = new Date().toISOString();
    const data = JSON.stringify({ ...e, at });
    const id = await this.redis.xAdd(keys.audit, '*', { e: data }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: TRAIL_MAX } });
    const of = keys.auditOf(e.entity, e.entityId);
    await this.redis.multi().lPush(of, JSON.stringify({ id, ...e, at })).lTrim(of, 0, PER_ENTITY - 1).exec();
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(opts: { limit: number; before?: string }): Promise<{ items: AuditEntry[]; next: string | null }> {
    const end = opts.before ? `(${opts.before}` : '+';
    const rows = await this.redis.xRevRange(keys.audit, end, '-', { COUNT: opts.limit });
    const items = (rows ?? []).map((r) => ({ id: r.id, ...(JSON.parse(r.message.e!) as Omit<AuditEntry, 'id'>) }));
    return { items, next: items.length === opts.limit ? items[items.length - 1]!.id : null };
  }

  async of(entity: AuditEntity, entityId: string): Promise<AuditEntry[]> {
    return (await this.redis.lRange(keys.auditOf(entity, entityId), 0, -1)).map((s) => JSON.parse(s) as AuditEntry);
  }
}
