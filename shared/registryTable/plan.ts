/**
 * An import, decided without I/O: sheets of text in, either a complete valid registry (plus
 * group members) or the list of everything wrong with the upload. All-or-nothing starts here:
 * a plan with one problem has no registry.
 */
import type { Registry } from '../registry';
import { validateRegistry, type Skip, type Violation } from '../registryRules';
import { ROLE_LABELS, type Role } from '../roles';
import { assemble, compareReport, locate, type Tables } from './assemble';
import { detectTable, parseTable, type RawSheet, type ReportItem } from './parse';
import { INSTRUCTIONS_SHEET, sheetByKey, type GroupMember, type TableKey } from './sheets';

export const USERNAME_RE = /^[A-Za-z0-9_.-]{2,32}$/;
/** The report carries this many problems; the count and the per-column summary cover the rest. */
export const REPORT_LIMIT = 1000;

export interface ReportSummary {
  sheet: string;
  column: string | null;
  code: ReportItem['code'];
  count: number;
}

export interface ImportPlan {
  registry: Registry | null;
  /** The group members sheet, when the upload had one. */
  members: GroupMember[] | null;
  tables: TableKey[];
  report: ReportItem[];
  errorCount: number;
  summary: ReportSummary[];
}

export interface PlanOptions {
  year: number;
  maxRows: number;
  /** Existing accounts by lower-case username: a member row may not turn an admin into an inspector. */
  accounts: ReadonlyMap<string, Role>;
}

function memberViolations(members: GroupMember[], groupIds: ReadonlySet<string>, accounts: ReadonlyMap<string, Role>, skip: ReadonlySet<number>): Violation[] {
  const out: Violation[] = [];
  const first = new Map<string, number>();
  members.forEach((m, index) => {
    const v = (field: string, code: Violation['code'], params?: Violation['params']) =>
      out.push({ entity: 'member', index, id: m.username, field, code, ...(params ? { params } : {}) });
    if (skip.has(index)) return;
    if (m.username === '') v('username', 'required');
    else if (!USERNAME_RE.test(m.username)) v('username', 'bad_id', { value: m.username });
    const key = m.username.toLowerCase();
    const at = first.get(key);
    if (at !== undefined) v('username', 'duplicate_id', { value: m.username, first: at });
    else first.set(key, index);
    const role = accounts.get(key);
    if (role && role !== 'leader' && role !== 'inspector') v('username', 'account_role', { value: m.username, role: ROLE_LABELS[role].zh });
    if (m.name === '') v('name', 'required');
    if (m.groupId === '') v('groupId', 'required');
    else if (!groupIds.has(m.groupId)) v('groupId', 'unknown_ref', { value: m.groupId });
  });
  return out;
}

function summarize(items: ReportItem[]): ReportSummary[] {
  const by = new Map<string, ReportSummary>();
  for (const it of items) {
    const k = `${it.sheet}\u0000${it.column ?? ''}\u0000${it.code}`;
    const s = by.get(k);
    if (s) s.count++;
    else by.set(k, { sheet: it.sheet, column: it.column, code: it.code, count: 1 });
  }
  return [...by.values()].sort((a, b) => b.count - a.count);
}

function finish(items: ReportItem[], base: Omit<ImportPlan, 'report' | 'errorCount' | 'summary'>): ImportPlan {
  items.sort(compareReport);
  return { ...base, report: items.slice(0, REPORT_LIMIT), errorCount: items.length, summary: summarize(items) };
}

const hasContent = (s: RawSheet) => s.rows.some((r) => r.cells.some((c) => c.trim() !== ''));

export function planImport(current: Registry | null, sheets: readonly RawSheet[], opts: PlanOptions): ImportPlan {
  const problems: ReportItem[] = [];
  const tables: Tables = {};
  for (const sheet of sheets) {
    if (sheet.name === INSTRUCTIONS_SHEET || !hasContent(sheet)) continue; // the template's notes; Excel's blank Sheet2
    const key = detectTable(sheet);
    if (!key) {
      problems.push({ file: sheet.file, sheet: sheet.name, row: null, column: null, code: 'unknown_table', params: { value: sheet.name } });
      continue;
    }
    if (tables[key]) {
      problems.push({ file: sheet.file, sheet: sheet.name, row: null, column: null, code: 'duplicate_table', params: { value: sheetByKey(key).sheet } });
      continue;
    }
    const parsed = parseTable(sheetByKey(key), sheet, opts.maxRows);
    tables[key] = parsed;
    problems.push(...parsed.problems);
  }
  const keys = Object.keys(tables) as TableKey[];
  const members = (tables.members?.items as GroupMember[] | undefined) ?? null;
  // A sheet that cannot be read as a whole (unknown, repeated, columns missing) is fixed first:
  // checking rows against a half-understood upload would only bury it in follow-on errors.
  if (problems.some((p) => p.row === null || p.code === 'missing_column')) return finish(problems, { registry: null, members, tables: keys });
  const { registry, problems: assembleProblems } = assemble(current, tables);
  problems.push(...assembleProblems);
  if (!registry) return finish(problems, { registry: null, members, tables: keys });

  const skip: Skip = {};
  for (const t of Object.values(tables)) if (t.broken.size > 0) skip[sheetByKey(t.key).entity] = t.broken;
  const violations = validateRegistry(registry, skip, opts.year);
  if (members) violations.push(...memberViolations(members, new Set(registry.groups.map((g) => g.id)), opts.accounts, tables.members!.broken));
  for (const v of violations) problems.push(locate(v, tables));
  return finish(problems, { registry: problems.length === 0 ? registry : null, members, tables: keys });
}
