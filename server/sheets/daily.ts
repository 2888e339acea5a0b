/**
 * Creates each group's sheet for a day: the Yjs doc with its targets, then the record that makes
 * it visible. Idempotent and safe across instances (a Redis lock per sheet; targets already on
 * a sheet are never touched).
 */
import { Cron } from 'croner';
import { DEFAULT_QUOTAS, type Quotas } from '../../shared/checkKinds';
import { CHECKLIST_VERSION } from '../../shared/checklists';
import { dayInZone } from '../../shared/dates';
import { provisionalTargets } from '../../shared/provisional';
import type { InspectionGroup } from '../../shared/registry';
import { addTargets, setMeta, sheetDocName, type SheetMeta, type TargetInit } from '../../shared/sheet';
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

export interface NewSheet {
  source: SheetMeta['source'];
  quotas: Quotas;
  targets: TargetInit[];
}

/**
 * Creates one group's sheet for a day (the doc, then the record that makes it visible) unless it
 * exists. 'busy': another instance holds the creation lock and is writing it now.
 */
export async function createSheet(deps: DailySheetsDeps, group: InspectionGroup, date: string, init: NewSheet): Promise<'created' | 'exists' | 'busy'> {
  if (await deps.sheets.exists(group.id, date)) return 'exists';
  const docName = sheetDocName(group.id, date);
  const lock = await deps.redis.set(keys.sheetInit(docName), String(process.pid), {
    condition: 'NX',
    expiration: { type: 'EX', value: 60 },
  });
  if (lock === null) return 'busy';
  await deps.rooms.change(docName, (doc) => {
    if (doc.getMap('meta').size === 0) {
      setMeta(doc, {
        groupId: group.id,
        date,
        groupName: group.name,
        createdAt: new Date().toISOString(),
        source: init.source,
        quotas: init.quotas,
        checklistVersion: CHECKLIST_VERSION,
      });
    }
    addTargets(doc, init.targets);
  });
  await deps.sheets.put({ docName, groupId: group.id, groupName: group.name, date, targets: init.targets.length, createdAt: new Date().toISOString() });
  deps.log.info('sheets.created', { doc: docName, targets: init.targets.length, source: init.source });
  return 'created';
}

export async function ensureDaySheets(deps: DailySheetsDeps, date: string): Promise<number> {
  const registry = await deps.registry.load();
  if (!registry) return 0;
  let created = 0;
  for (const group of registry.groups) {
    if (await deps.sheets.exists(group.id, date)) continue;
    const targets = provisionalTargets(registry, group.id, date, DEFAULT_QUOTAS);
    if ((await createSheet(deps, group, date, { source: 'provisional', quotas: DEFAULT_QUOTAS, targets })) === 'created') created++;
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
