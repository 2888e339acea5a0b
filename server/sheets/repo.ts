/** Which sheets exist for a day: a hash per day, groupId → SheetRecord. */
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';

export interface SheetRecord {
  docName: string;
  groupId: string;
  groupName: string;
  date: string;
  targets: number;
  createdAt: string;
}

export class SheetRepo {
  constructor(private readonly redis: Redis) {}

  async forDay(date: string): Promise<SheetRecord[]> {
    const all = await this.redis.hGetAll(keys.sheetsOfDay(date));
    return Object.values(all)
      .map((v) => JSON.parse(v) as SheetRecord)
      .sort((a, b) => a.groupId.localeCompare(b.groupId, 'en', { numeric: true }));
  }

  async exists(groupId: string, date: string): Promise<boolean> {
    return (await this.redis.hExists(keys.sheetsOfDay(date), groupId)) === 1;
  }

  async put(rec: SheetRecord): Promise<void> {
    await this.redis.hSet(keys.sheetsOfDay(rec.date), rec.groupId, JSON.stringify(rec));
  }
}
