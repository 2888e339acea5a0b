/**
 * The nightly summary (seed 001: "次日将督查情况统计上报"): per group, per township and per
 * check kind — quota done, findings, problems opened, problems closed by re-visit, overdue.
 * Pure: the server gathers the day's sheets (compiled like the debrief) and the ledger.
 */
import { CHECK_KINDS, type CheckKind } from '../checkKinds';
import { dayInZone } from '../dates';
import type { DebriefDay } from '../debrief/compile';
import { parseSheetDocName } from '../sheet';
import type { ProblemView } from '../problems/types';

export interface SummaryGroupInput {
  groupId: string;
  groupName: string;
  /** null: the group had no sheet that day. */
  day: DebriefDay | null;
  signedOff: boolean;
}

export interface SummaryInput {
  date: string;
  generatedAt: string;
  zone: string;
  countyName: string;
  townships: { id: string; name: string }[];
  groups: SummaryGroupInput[];
  /** Every problem, with `overdue` computed at `generatedAt`. */
  problems: ProblemView[];
}

export interface Counts {
  findings: number;
  opened: number;
  closedByRevisit: number;
  overdue: number;
}

export interface KindCount {
  kind: CheckKind;
  quota: number;
  checked: number;
  total: number;
}

export interface GroupSummary extends Counts {
  groupId: string;
  groupName: string;
  signedOff: boolean;
  hasSheet: boolean;
  quota: number;
  checked: number;
  kinds: KindCount[];
}

export interface TownshipSummary extends Counts {
  townshipId: string;
  name: string;
  checked: number;
}

export interface KindSummary extends Counts, KindCount {}

export interface ProblemLine {
  id: string;
  place: string;
  description: string;
  category: string;
  unitName: string;
  deadline: string;
  groupName: string;
}

export interface DailySummary {
  date: string;
  generatedAt: string;
  countyName: string;
  totals: Counts & { groups: number; signedOff: number; quota: number; checked: number };
  groups: GroupSummary[];
  townships: TownshipSummary[];
  kinds: KindSummary[];
  opened: ProblemLine[];
  closed: ProblemLine[];
  overdue: ProblemLine[];
}

const zero = (): Counts => ({ findings: 0, opened: 0, closedByRevisit: 0, overdue: 0 });

function line(p: ProblemView): ProblemLine {
  return {
    id: p.id,
    place: p.villageName ? `${p.townshipName} · ${p.villageName}` : p.townshipName,
    description: p.description,
    category: p.category,
    unitName: p.unitName,
    deadline: p.deadline,
    groupName: p.groupName,
  };
}

/** The group whose sheet verified the problem (the re-visit), or null when it is not closed that day. */
function closedOn(p: ProblemView, date: string, zone: string): string | null {
  if (p.state !== 'closed' || !p.closedAt || dayInZone(new Date(p.closedAt), zone) !== date) return null;
  const verify = [...p.history].reverse().find((t) => t.action === 'verify');
  return (verify?.revisit && parseSheetDocName(verify.revisit.docName)?.groupId) ?? p.groupId;
}

export function compileSummary(input: SummaryInput): DailySummary {
  const { date, zone } = input;
  const opened = input.problems.filter((p) => p.date === date);
  const closed = input.problems.map((p) => ({ p, by: closedOn(p, date, zone) })).filter((x): x is { p: ProblemView; by: string } => x.by !== null);
  const overdue = input.problems.filter((p) => p.overdue);

  const groups: GroupSummary[] = input.groups.map((g) => {
    const kinds: KindCount[] = g.day ? g.day.progress.map((k) => ({ kind: k.kind, quota: k.quota, checked: k.checked, total: k.total })) : [];
    return {
      groupId: g.groupId,
      groupName: g.groupName,
      signedOff: g.signedOff,
      hasSheet: g.day !== null,
      quota: kinds.reduce((n, k) => n + k.quota, 0),
      checked: kinds.reduce((n, k) => n + k.checked, 0),
      kinds,
      findings: g.day?.findings.length ?? 0,
      opened: opened.filter((p) => p.groupId === g.groupId).length,
      closedByRevisit: closed.filter((c) => c.by === g.groupId).length,
      overdue: overdue.filter((p) => p.groupId === g.groupId).length,
    };
  });

  const days = input.groups.flatMap((g) => (g.day ? [g.day] : []));
  const townships: TownshipSummary[] = input.townships.map((t) => ({
    townshipId: t.id,
    name: t.name,
    checked: days.reduce((n, d) => n + d.targets.filter((x) => x.townshipId === t.id && x.checkedAt).length, 0),
    findings: days.reduce((n, d) => n + d.findings.filter((f) => f.townshipId === t.id).length, 0),
    opened: opened.filter((p) => p.townshipId === t.id).length,
    closedByRevisit: closed.filter((c) => c.p.townshipId === t.id).length,
    overdue: overdue.filter((p) => p.townshipId === t.id).length,
  }));

  const kinds: KindSummary[] = CHECK_KINDS.map((kind) => {
    const ks = groups.flatMap((g) => g.kinds.filter((k) => k.kind === kind));
    return {
      kind,
      quota: ks.reduce((n, k) => n + k.quota, 0),
      checked: ks.reduce((n, k) => n + k.checked, 0),
      total: ks.reduce((n, k) => n + k.total, 0),
      findings: days.reduce((n, d) => n + d.findings.filter((f) => f.kind === kind).length, 0),
      opened: opened.filter((p) => p.kind === kind).length,
      // A re-visit is a rectification check, whatever check first found the problem.
      closedByRevisit: kind === 'rectification' ? closed.length : 0,
      overdue: overdue.filter((p) => p.kind === kind).length,
    };
  });

  const totals = {
    ...zero(),
    groups: groups.length,
    signedOff: groups.filter((g) => g.signedOff).length,
    quota: groups.reduce((n, g) => n + g.quota, 0),
    checked: groups.reduce((n, g) => n + g.checked, 0),
    findings: groups.reduce((n, g) => n + g.findings, 0),
    opened: opened.length,
    closedByRevisit: closed.length,
    overdue: overdue.length,
  };

  return {
    date,
    generatedAt: input.generatedAt,
    countyName: input.countyName,
    totals,
    groups,
    townships,
    kinds,
    opened: opened.map(line),
    closed: closed.map((c) => line(c.p)),
    overdue: overdue.map(line),
  };
}
