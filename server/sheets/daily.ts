/**
 * Creates each group's sheet for a day: the Yjs doc with its targets, then the record that makes
 * it visible. Idempotent and safe across instances (a Redis lock per sheet; targets already on
 * a sheet are never touched).
 */
import { Cron } from 'croner';
import { DEFAULT_QUOTAS } from '../../shared/checkKinds';
import { CHECKLIST_VERSION } from '../../shared/checklists';
import { dayInZone } from '../../shared/dates';
import { provisionalTargets } from '../../shared/provisional';
import { addTargets, setMeta, sheetDocName } from '../../shared/sheet';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';
import type { RegistryRepo } from '../registry/repo';
import type { RoomManager } from '../sync/rooms';
import type { SheetRepo } from './repo';

export interface DailySheetsDeps {
  redis: Redis;
  registry: RegistryRepo;
  sheets: SheetRepo;
  rooms: RoomManager;
  log: Logger;
}

export async function ensureDaySheets(deps: DailySheetsDeps, date: string): Promise<number> {
  const registry = await deps.registry.load();
  if (!registry) return 0;
  let created = 0;
  for (const group of registry.groups) {
    if (await deps.sheets.exists(group.id, date)) continue;
    const docName = sheetDocName(group.id, date);
    const lock = await deps.redis.set(keys.sheetInit(docName), String(process.pid), {
      condition: 'NX',
      expiration: { type: 'EX', value: 60 },
    });
    if (lock === null) continue; // another instance is creating it
    const targets = provisionalTargets(registry, group.id, date, DEFAULT_QUOTAS);
    await deps.rooms.change(docName, (doc) => {
      if (doc.getMap('meta').size === 0) {
        setMeta(doc, {
          groupId: group.id,
          date,
          groupName: group.name,
          createdAt: new Date().toISOString(),
          source: 'provisional',
          quotas: DEFAULT_QUOTAS,
          checklistVersion: CHECKLIST_VERSION,
        });
      }
      addTargets(doc, targets);
    });
    await deps.sheets.put({ docName, groupId: group.id, groupName: group.name, date, targets: targets.length, createdAt: new Date().toISOString() });
    created++;
    deps.log.info('sheets.created', { doc: docName, targets: targets.length });
  }
  return created;
}

/**
 * Creates today's sheets now and every five minutes in the county's zone: the run at 00:00
 * opens the new day, the others retry anything a failure (Redis down) left undone.
 */
export function scheduleDailySheets(deps: DailySheetsDeps, zone: string): { cron: Cron; first: Promise<void> } {
  const run = async (): Promise<void> => {
    try {
      await ensureDaySheets(deps, dayInZone(new Date(), zone));
    } catch (err) {
      deps.log.error('sheets.create_failed', { err });
    }
  };
  const first = run();
  return { cron: new Cron('*/5 * * * *', { timezone: zone, protect: true }, run), first };
}
