/**
 * Builds a day's summary from the sheets and the ledger, archives it with its workbook, queues
 * one delivery per webhook and tells the command centre. Re-running a day reuses what is
 * archived, so a run cut short by a crash finishes with the same content it started with.
 */
import { dayInZone } from '../../shared/dates';
import { compileDebrief } from '../../shared/debrief/compile';
import type { SummaryReadyEvent } from '../../shared/problems/events';
import { compileSummary, type DailySummary } from '../../shared/summary/compile';
import { summaryTitle } from '../../shared/summary/markdown';
import type { Logger } from '../logger';
import type { RegistryRepo } from '../registry/repo';
import type { SheetRepo } from '../sheets/repo';
import type { RoomManager } from '../sync/rooms';
import type { DebriefRepo } from '../debrief/repo';
import { view, type ProblemRepo } from '../problems/repo';
import type { SummaryArchive } from './archive';
import type { Outbox } from './outbox';
import type { SummarySettings } from './settings';
import { webhookBody } from './webhooks';
import { summaryWorkbook } from './xlsx';

export interface SummaryDeps {
  registry: RegistryRepo;
  sheets: SheetRepo;
  rooms: RoomManager;
  debriefs: DebriefRepo;
  problems: ProblemRepo;
  archive: SummaryArchive;
  outbox: Outbox;
  settings: SummarySettings;
  zone: string;
  now: () => Date;
  log: Logger;
  ready?: (e: SummaryReadyEvent) => void;
}

export const summaryXlsxPath = (date: string): string => `/api/summaries/${date}.xlsx`;

export class SummaryService {
  constructor(private readonly deps: SummaryDeps) {}

  async build(date: string): Promise<DailySummary> {
    const { registry: regRepo, sheets, rooms, debriefs, problems, zone } = this.deps;
    const registry = await regRepo.load();
    const now = this.deps.now();
    const records = await sheets.forDay(date);
    const signed = await debriefs.signedOffMany(records.map((r) => r.docName));
    const groups = [];
    for (const g of registry?.groups ?? []) {
      const i = records.findIndex((r) => r.groupId === g.id);
      let day = null;
      if (i >= 0) {
        const doc = await rooms.snapshot(records[i]!.docName);
        day = compileDebrief(doc);
        doc.destroy();
      }
      groups.push({ groupId: g.id, groupName: g.name, day, signedOff: i >= 0 && !!signed[i] });
    }
    const today = dayInZone(now, zone);
    return compileSummary({
      date,
      generatedAt: now.toISOString(),
      zone,
      countyName: registry?.county.name ?? '',
      townships: (registry?.townships ?? []).map((t) => ({ id: t.id, name: t.name })),
      groups,
      problems: (await problems.list()).map((p) => view(p, today)),
    });
  }

  async isDone(date: string): Promise<boolean> {
    return (await this.deps.archive.get(date))?.done ?? false;
  }

  /** The scheduled run for a day (under the scheduler's lock). */
  async run(date: string): Promise<DailySummary> {
    const { archive, outbox, settings, log } = this.deps;
    const existing = await archive.get(date);
    let summary = existing?.summary;
    if (!summary) {
      const built = await this.build(date);
      summary = await archive.put(built, await summaryWorkbook(built));
    }
    let queued = 0;
    for (const w of settings.webhooks) if (await outbox.enqueue(date, w, webhookBody(w, summary, summaryXlsxPath(date)))) queued++;
    await archive.markDone(date);
    log.info('summary.archived', { date, queued, webhooks: settings.webhooks.length });
    const t = summary.totals;
    this.deps.ready?.({
      date,
      title: summaryTitle(summary),
      totals: { checked: t.checked, quota: t.quota, findings: t.findings, opened: t.opened, closedByRevisit: t.closedByRevisit, overdue: t.overdue },
    });
    return summary;
  }
}
