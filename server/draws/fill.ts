/**
 * Puts the day's latest published draw on every drawn group's sheet: creates a sheet that does
 * not exist yet (with the drawn list), then applies the draw through `rooms.change` — so peers
 * connected to this instance see it at once and other instances read it from the stream — and
 * updates the sheet record's target count. Idempotent: running it again writes nothing new, so
 * a publish whose filling failed half-way is finished by running it again.
 */
import { DEFAULT_QUOTAS } from '../../shared/checkKinds';
import type { DrawnTarget } from '../../shared/draw';
import { provisionalTargets } from '../../shared/provisional';
import { sheetDocName, type TargetInit } from '../../shared/sheet';
import { createSheet, type DailySheetsDeps } from '../sheets/daily';
import { applyDraw, type ApplyOutcome } from './applyToSheet';
import type { DrawRepo, StoredDraw } from './repo';

export interface FillDeps extends DailySheetsDeps {
  repo: DrawRepo;
}

export interface Filled extends ApplyOutcome {
  groupId: string;
  docName: string;
}

/** The rank stays in the audit log; the sheet carries its first digits in the reason. */
const toInit = ({ rank: _rank, ...t }: DrawnTarget): TargetInit => t;

async function waitForSheet(deps: FillDeps, groupId: string, date: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await deps.sheets.exists(groupId, date)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sheet ${sheetDocName(groupId, date)} is still being created by another instance`);
}

/** Ids of the targets of every earlier draw of the day for one group. */
function earlierIds(earlier: StoredDraw[], groupId: string): Set<string> {
  const ids = new Set<string>();
  for (const s of earlier) for (const t of s.draw.result.groups.find((g) => g.groupId === groupId)?.targets ?? []) ids.add(t.id);
  return ids;
}

export async function fillSheets(deps: FillDeps, date: string): Promise<Filled[]> {
  const all = await deps.repo.list(date);
  const latest = all.at(-1);
  if (!latest) return [];
  const registry = await deps.registry.load();
  const out: Filled[] = [];
  for (const g of latest.draw.result.groups) {
    const group = registry?.groups.find((x) => x.id === g.groupId) ?? { id: g.groupId, name: g.groupId, townshipIds: [] };
    const targets = g.targets.map(toInit);
    const docName = sheetDocName(group.id, date);
    if ((await createSheet(deps, group, date, { source: 'draw', quotas: g.quotas, targets })) === 'busy') await waitForSheet(deps, group.id, date);
    const replaces = earlierIds(all.slice(0, -1), group.id);
    // The provisional list is deterministic per group and day: recomputing it names its targets.
    if (registry) for (const t of provisionalTargets(registry, group.id, date, DEFAULT_QUOTAS)) replaces.add(t.id);
    let outcome: ApplyOutcome | undefined;
    await deps.rooms.change(docName, (doc) => {
      outcome = applyDraw(doc, { seq: latest.draw.seq, seed: latest.draw.seed, publishedAt: latest.draw.publishedAt, quotas: g.quotas, targets, replaces });
    });
    const o = outcome!;
    const rec = (await deps.sheets.forDay(date)).find((r) => r.groupId === group.id);
    if (rec && rec.targets !== o.total) await deps.sheets.put({ ...rec, targets: o.total });
    deps.log.info('draws.filled', { doc: docName, seq: latest.draw.seq, ...o });
    out.push({ groupId: group.id, docName, ...o });
  }
  return out;
}
