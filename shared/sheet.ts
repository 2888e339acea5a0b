/**
 * The daily random-check sheet as a Yjs document — an exact contract (outside tools read it):
 *
 *   doc name  `sheet:<groupId>:<YYYY-MM-DD>`
 *   root `targets`: Y.Map keyed by target id → Y.Map {
 *       kind, refId, label, answers: Y.Map, note: Y.Text, findings: Y.Array<Y.Map>,
 *       checkedBy, checkedAt, location, photos: Y.Array<Y.Map> (field/photos.ts),
 *       ...extra read-only fields below }
 *   root `meta`: Y.Map
 *
 * Pure helpers over Yjs; no I/O.
 */
import * as Y from 'yjs';
import type { CheckKind, Quotas, TargetRefKind } from './checkKinds';
import type { FindingCategory, Severity } from './categories';
import type { SignOffRecord } from './debrief/types';
import { isDay } from './dates';
import type { LngLat } from './registry';

export const GROUP_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export interface SheetName {
  groupId: string;
  date: string;
}

export function sheetDocName(groupId: string, date: string): string {
  return `sheet:${groupId}:${date}`;
}

/** Strict: anything that is not exactly `sheet:<groupId>:<YYYY-MM-DD>` is refused (no path tricks). */
export function parseSheetDocName(name: string): SheetName | null {
  const m = /^sheet:([A-Za-z0-9_-]{1,64}):(\d{4}-\d{2}-\d{2})$/.exec(name);
  if (!m || !isDay(m[2]!)) return null;
  return { groupId: m[1]!, date: m[2]! };
}

/** What the server writes when it puts a target on a sheet. */
export interface TargetInit {
  id: string;
  kind: CheckKind;
  refKind: TargetRefKind;
  refId: string;
  label: string;
  /** e.g. "城关镇 · 东风村" */
  place: string;
  townshipId: string;
  villageId: string;
  /** Registered coordinates of the target (for the map and proof of presence). */
  registered?: LngLat;
  /** Why it is on the list (eligibility reason), shown to the inspector. */
  reason: string;
}

export interface CheckLocation {
  lat: number;
  lng: number;
  accuracy?: number;
  /** Set instead of coordinates when the phone refused or failed to give a position. */
  error?: 'denied' | 'unavailable' | 'timeout';
}

export interface SheetMeta {
  groupId: string;
  date: string;
  groupName: string;
  createdAt: string;
  /** `provisional` until the auditable draw publishes the day's lists. */
  source: 'provisional' | 'draw';
  quotas: Quotas;
  checklistVersion: number;
  /** Set by the debrief's sign-off (server/debrief/signoff.ts): the day is locked for inspectors. */
  signedOff?: SignOffRecord;
  /** Set when a published draw filled the sheet (server/draws/applyToSheet.ts): which one, its seed, when. */
  drawSeq?: number;
  seed?: string;
  drawnAt?: string;
}

export function targetId(kind: CheckKind, refId: string): string {
  return `${kind}:${refId}`;
}

/** Adds targets that are not on the sheet yet; never touches one that exists (keeps typed work). */
export function addTargets(doc: Y.Doc, targets: TargetInit[]): number {
  const root = doc.getMap<Y.Map<unknown>>('targets');
  let added = 0;
  doc.transact(() => {
    for (const t of targets) {
      if (root.has(t.id)) continue;
      const m = new Y.Map<unknown>();
      m.set('kind', t.kind);
      m.set('refKind', t.refKind);
      m.set('refId', t.refId);
      m.set('label', t.label);
      m.set('place', t.place);
      m.set('townshipId', t.townshipId);
      m.set('villageId', t.villageId);
      m.set('reason', t.reason);
      if (t.registered) m.set('registered', t.registered);
      m.set('answers', new Y.Map());
      m.set('note', new Y.Text());
      m.set('findings', new Y.Array());
      // Created with the target so two offline phones never race to create it (the loser's photos would vanish).
      m.set('photos', new Y.Array());
      m.set('checkedBy', null);
      m.set('checkedAt', null);
      m.set('location', null);
      root.set(t.id, m);
      added++;
    }
  });
  return added;
}

export function setMeta(doc: Y.Doc, meta: SheetMeta): void {
  const m = doc.getMap<unknown>('meta');
  doc.transact(() => {
    for (const [k, v] of Object.entries(meta)) m.set(k, v);
  });
}

export interface FindingInit {
  id: string;
  category: FindingCategory;
  severity: Severity;
  description: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

export function newFinding(f: FindingInit): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  m.set('id', f.id);
  m.set('category', f.category);
  m.set('severity', f.severity);
  m.set('description', new Y.Text(f.description));
  m.set('createdBy', f.createdBy);
  m.set('createdByName', f.createdByName);
  m.set('createdAt', f.createdAt);
  m.set('photos', new Y.Array());
  return m;
}

/** A plain read of one target, for lists, counters and the server's summaries. */
export interface TargetView {
  id: string;
  kind: CheckKind;
  refKind: TargetRefKind;
  refId: string;
  label: string;
  place: string;
  villageId: string;
  townshipId: string;
  reason: string;
  registered?: LngLat;
  answered: number;
  noteLength: number;
  findings: number;
  /** Photos attached to the target itself (not to its findings). */
  photos: number;
  checkedBy: string | null;
  checkedByName: string | null;
  checkedAt: string | null;
  location: CheckLocation | null;
  /** A re-draw replaced the list this target came from; it stays because someone worked on it. */
  superseded?: true;
}

export function readTarget(id: string, m: Y.Map<unknown>): TargetView {
  const answers = m.get('answers');
  const note = m.get('note');
  const findings = m.get('findings');
  const photos = m.get('photos');
  return {
    id,
    kind: m.get('kind') as CheckKind,
    refKind: (m.get('refKind') as TargetRefKind) ?? 'household',
    refId: String(m.get('refId') ?? ''),
    label: String(m.get('label') ?? ''),
    place: String(m.get('place') ?? ''),
    villageId: String(m.get('villageId') ?? ''),
    townshipId: String(m.get('townshipId') ?? ''),
    reason: String(m.get('reason') ?? ''),
    registered: (m.get('registered') as LngLat | undefined) ?? undefined,
    answered: answers instanceof Y.Map ? answers.size : 0,
    noteLength: note instanceof Y.Text ? note.length : 0,
    findings: findings instanceof Y.Array ? findings.length : 0,
    photos: photos instanceof Y.Array ? photos.length : 0,
    checkedBy: (m.get('checkedBy') as string | null) ?? null,
    checkedByName: (m.get('checkedByName') as string | null) ?? null,
    checkedAt: (m.get('checkedAt') as string | null) ?? null,
    location: (m.get('location') as CheckLocation | null) ?? null,
    ...(m.get('superseded') === true ? { superseded: true as const } : {}),
  };
}

export function readTargets(doc: Y.Doc): TargetView[] {
  const root = doc.getMap<Y.Map<unknown>>('targets');
  const out: TargetView[] = [];
  root.forEach((m, id) => {
    if (m instanceof Y.Map) out.push(readTarget(id, m));
  });
  return out;
}

export interface KindProgress {
  kind: CheckKind;
  /** Targets on the sheet. */
  total: number;
  checked: number;
  /** Minimum required today (environment counts villages + households). */
  quota: number;
}

export function quotaFor(kind: CheckKind, q: Quotas): number {
  switch (kind) {
    case 'pairing_visit':
      return q.pairing_visit;
    case 'screening':
      return q.screening;
    case 'environment':
      return q.environment_villages + q.environment_households;
    case 'rectification':
      return q.rectification;
  }
}

export function progressByKind(targets: TargetView[], quotas: Quotas, kinds: readonly CheckKind[]): KindProgress[] {
  return kinds.map((kind) => {
    const of = targets.filter((t) => t.kind === kind);
    return { kind, total: of.length, checked: of.filter((t) => t.checkedAt).length, quota: quotaFor(kind, quotas) };
  });
}
