/** Archived nightly summaries: the JSON, its .xlsx, and the list of days, kept in Redis. */
import type { DailySummary } from '../../shared/summary/compile';
import type { BinaryRedis, Redis } from '../redis/connect';
import { ledgerKeys as K } from '../problems/keys';

export interface ArchivedSummary {
  summary: DailySummary;
  /** Set once every delivery is queued: the day's run is complete. */
  done: boolean;
}

export class SummaryArchive {
  constructor(
    private readonly redis: Redis,
    private readonly bin: BinaryRedis,
  ) {}

  /** Stores the day's summary and workbook unless already archived; returns what stands. */
  async put(s: DailySummary, xlsx: Buffer): Promise<DailySummary> {
    const set = await this.redis.set(K.summary(s.date), JSON.stringify({ summary: s, done: false }), { condition: 'NX' });
    if (set === null) return (await this.get(s.date))!.summary;
    await this.bin.set(K.summaryXlsx(s.date), xlsx);
    await this.redis.zAdd(K.summaries, { score: Date.parse(`${s.date}T00:00:00Z`), value: s.date });
    return s;
  }

  async markDone(date: string): Promise<void> {
    const a = await this.get(date);
    if (a && !a.done) await this.redis.set(K.summary(date), JSON.stringify({ ...a, done: true }));
  }

  async get(date: string): Promise<ArchivedSummary | null> {
    const raw = await this.redis.get(K.summary(date));
    return raw ? (JSON.parse(raw) as ArchivedSummary) : null;
  }

  async xlsx(date: string): Promise<Buffer | null> {
    const b = await this.bin.get(K.summaryXlsx(date));
    return b ? Buffer.from(b) : null;
  }

  /** Newest first. */
  async days(limit = 60): Promise<string[]> {
    return this.redis.zRange(K.summaries, 0, limit - 1, { REV: true });
  }
}
