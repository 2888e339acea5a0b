/** Reads a group's sheet (Y.Doc, schema in shared/sheet.ts) into the coverage feed's shapes. */
import * as Y from 'yjs';
import type { FindingCategory, Severity } from '../categories';
import { DEFAULT_QUOTAS, type Quotas } from '../checkKinds';
import { findChecklist, flaggedItems, YES_NO_LABELS, type YesNoValue } from '../checklists';
import { readTarget, type TargetView } from '../sheet';
import type { FeatureIndex } from './geo';
import { targetState } from './state';
import type { FindingBrief, TargetCoverage, TargetDetail } from './types';

/** A feed line: long descriptions are cut (the popup has the whole text). */
export const FINDING_TEXT_MAX = 80;

function cut(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function readFinding(m: Y.Map<unknown>): FindingBrief & { description: string } {
  const d = m.get('description');
  const description = d instanceof Y.Text ? d.toString() : typeof d === 'string' ? d : '';
  return {
    id: String(m.get('id') ?? ''),
    category: m.get('category') as FindingCategory,
    severity: m.get('severity') as Severity,
    text: cut(description, FINDING_TEXT_MAX),
    description,
    by: String(m.get('createdByName') ?? ''),
    at: String(m.get('createdAt') ?? ''),
  };
}

function readFindings(m: Y.Map<unknown>): (FindingBrief & { description: string })[] {
  const arr = m.get('findings');
  if (!(arr instanceof Y.Array)) return [];
  return arr.toArray().flatMap((f) => (f instanceof Y.Map ? [readFinding(f)] : []));
}

function featureOf(v: TargetView, index: FeatureIndex): TargetCoverage['f'] {
  switch (v.refKind) {
    case 'household':
      return index.household(v.refId);
    case 'village':
      return index.village(v.refId);
    case 'issue':
      return index.issue(v.refId);
  }
}

function validLoc(v: TargetView): [number, number] | null {
  const l = v.location;
  if (!l || l.error || !Number.isFinite(l.lng) || !Number.isFinite(l.lat)) return null;
  return [l.lng, l.lat];
}

export function targetCoverage(id: string, m: Y.Map<unknown>, index: FeatureIndex): TargetCoverage {
  const v = readTarget(id, m);
  return {
    id,
    kind: v.kind,
    ref: v.refKind,
    refId: v.refId,
    label: v.label,
    place: v.place,
    f: featureOf(v, index),
    s: targetState(v),
    byId: v.checkedBy,
    by: v.checkedByName,
    at: v.checkedAt,
    loc: v.checkedAt ? validLoc(v) : null,
    findings: readFindings(m).map(({ description: _d, ...brief }) => brief),
  };
}

export function sheetTargets(doc: Y.Doc, index: FeatureIndex): TargetCoverage[] {
  const out: TargetCoverage[] = [];
  doc.getMap<Y.Map<unknown>>('targets').forEach((m, id) => {
    if (m instanceof Y.Map) out.push(targetCoverage(id, m, index));
  });
  return out;
}

export function sheetMeta(doc: Y.Doc): { groupName: string; quotas: Quotas } {
  const meta = doc.getMap<unknown>('meta');
  return { groupName: String(meta.get('groupName') ?? ''), quotas: (meta.get('quotas') as Quotas | undefined) ?? DEFAULT_QUOTAS };
}

/** The popup's content: every answer with its checklist wording, the note, whole findings. */
export function targetDetail(doc: Y.Doc, groupId: string, targetId: string, index: FeatureIndex): TargetDetail | null {
  const m = doc.getMap<Y.Map<unknown>>('targets').get(targetId);
  if (!(m instanceof Y.Map)) return null;
  const v = readTarget(targetId, m);
  const answersMap = m.get('answers');
  const answers: Record<string, unknown> = answersMap instanceof Y.Map ? answersMap.toJSON() : {};
  const template = findChecklist(v.kind, v.refKind);
  const flagged = new Set(template ? flaggedItems(template, answers).map((i) => i.id) : []);
  const rows: TargetDetail['answers'] = [];
  for (const item of template?.items ?? []) {
    const raw = answers[item.id];
    if (typeof raw !== 'string' || raw === '') continue;
    const option = item.type === 'yesno' ? YES_NO_LABELS[raw as YesNoValue] : item.options?.find((o) => o.value === raw);
    rows.push({ id: item.id, zh: item.zh, en: item.en, value: raw, valueZh: option?.zh ?? raw, valueEn: option?.en ?? raw, flagged: flagged.has(item.id) });
  }
  const note = m.get('note');
  return {
    groupId,
    groupName: sheetMeta(doc).groupName,
    target: targetCoverage(targetId, m, index),
    reason: v.reason,
    answers: rows,
    note: note instanceof Y.Text ? note.toString() : '',
    findings: readFindings(m),
  };
}
