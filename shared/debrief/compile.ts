/**
 * The evening debrief (碰头协调会) compiled from a group's day sheet: quota done per check kind,
 * every finding (by category), who checked what, and the re-visit results that will close or
 * send back problems at sign-off. Pure over Yjs: the leader's browser runs it live on its copy
 * of the sheet, the server runs it on a snapshot at sign-off — the same code, the same answer.
 */
import * as Y from 'yjs';
import { FINDING_CATEGORIES, type FindingCategory, type Severity } from '../categories';
import { CHECK_KINDS, DEFAULT_QUOTAS, type CheckKind, type Quotas, type TargetRefKind } from '../checkKinds';
import { PROBLEM_ID_RE } from '../problems/types';
import { progressByKind, readTargets, type KindProgress, type TargetView } from '../sheet';

export interface DebriefFinding {
  id: string;
  targetId: string;
  targetLabel: string;
  kind: CheckKind;
  refKind: TargetRefKind;
  refId: string;
  place: string;
  townshipId: string;
  villageId: string;
  category: FindingCategory;
  severity: Severity;
  description: string;
  createdBy: string;
  createdByName: string;
  createdAt: string;
}

export interface Checker {
  userId: string;
  name: string;
  checked: number;
  byKind: Record<CheckKind, number>;
  targets: { id: string; label: string; kind: CheckKind; checkedAt: string }[];
}

/** A rectification target that points at a ledger problem (a re-visit, 回访). */
export interface RevisitResult {
  targetId: string;
  problemId: string;
  label: string;
  place: string;
  verdict: 'close' | 'return' | null;
  reason: string;
  checkedAt: string | null;
  checkedBy: string | null;
  checkedByName: string | null;
}

export interface DebriefDay {
  quotas: Quotas;
  progress: KindProgress[];
  findings: DebriefFinding[];
  byCategory: { category: FindingCategory; findings: DebriefFinding[] }[];
  checkers: Checker[];
  revisits: RevisitResult[];
  targets: TargetView[];
}

function readQuotas(doc: Y.Doc): Quotas {
  const q = doc.getMap<unknown>('meta').get('quotas');
  return q && typeof q === 'object' ? { ...DEFAULT_QUOTAS, ...(q as Partial<Quotas>) } : DEFAULT_QUOTAS;
}

function readFindings(t: TargetView, m: Y.Map<unknown>): DebriefFinding[] {
  const arr = m.get('findings');
  if (!(arr instanceof Y.Array)) return [];
  const out: DebriefFinding[] = [];
  for (const f of arr.toArray()) {
    if (!(f instanceof Y.Map)) continue;
    const id = f.get('id');
    if (typeof id !== 'string' || !id) continue;
    const d = f.get('description');
    out.push({
      id,
      targetId: t.id,
      targetLabel: t.label,
      kind: t.kind,
      refKind: t.refKind,
      refId: t.refId,
      place: t.place,
      townshipId: t.townshipId,
      villageId: t.villageId,
      category: FINDING_CATEGORIES.includes(f.get('category') as FindingCategory) ? (f.get('category') as FindingCategory) : 'supervision',
      severity: (f.get('severity') as Severity) ?? 'low',
      description: d instanceof Y.Text ? d.toString() : String(d ?? ''),
      createdBy: String(f.get('createdBy') ?? ''),
      createdByName: String(f.get('createdByName') ?? ''),
      createdAt: String(f.get('createdAt') ?? ''),
    });
  }
  return out;
}

function readRevisit(t: TargetView, m: Y.Map<unknown>): RevisitResult {
  const answers = m.get('answers');
  const a = answers instanceof Y.Map ? answers : new Y.Map<unknown>();
  const v = a.get('verdict');
  const note = m.get('note');
  const reason = String(a.get('return_reason') ?? '').trim() || (note instanceof Y.Text ? note.toString().trim() : '');
  return {
    targetId: t.id,
    problemId: t.refId,
    label: t.label,
    place: t.place,
    verdict: v === 'close' || v === 'return' ? v : null,
    reason,
    checkedAt: t.checkedAt,
    checkedBy: t.checkedBy,
    checkedByName: t.checkedByName,
  };
}

export function compileDebrief(doc: Y.Doc): DebriefDay {
  const root = doc.getMap<Y.Map<unknown>>('targets');
  const targets = readTargets(doc);
  const quotas = readQuotas(doc);
  const findings: DebriefFinding[] = [];
  const revisits: RevisitResult[] = [];
  const checkers = new Map<string, Checker>();
  for (const t of targets) {
    const m = root.get(t.id);
    if (!(m instanceof Y.Map)) continue;
    findings.push(...readFindings(t, m));
    if (t.kind === 'rectification' && t.refKind === 'issue' && PROBLEM_ID_RE.test(t.refId)) revisits.push(readRevisit(t, m));
    if (t.checkedAt && t.checkedBy) {
      let c = checkers.get(t.checkedBy);
      if (!c) {
        c = { userId: t.checkedBy, name: t.checkedByName ?? t.checkedBy, checked: 0, byKind: { pairing_visit: 0, screening: 0, environment: 0, rectification: 0 }, targets: [] };
        checkers.set(t.checkedBy, c);
      }
      c.checked++;
      c.byKind[t.kind]++;
      c.targets.push({ id: t.id, label: t.label, kind: t.kind, checkedAt: t.checkedAt });
    }
  }
  findings.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const byCategory = FINDING_CATEGORIES.map((category) => ({ category, findings: findings.filter((f) => f.category === category) })).filter((g) => g.findings.length > 0);
  return {
    quotas,
    progress: progressByKind(targets, quotas, CHECK_KINDS),
    findings,
    byCategory,
    checkers: [...checkers.values()].sort((a, b) => b.checked - a.checked || a.name.localeCompare(b.name, 'zh')),
    revisits,
    targets,
  };
}
