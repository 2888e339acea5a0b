/**
 * Rows of text cells (from an .xlsx sheet or a CSV file) → typed entities, with every cell
 * problem located by file, sheet, row and column. Which table a sheet holds is told by its name
 * or, failing that, by its header row, so a CSV file needs no particular name.
 */
import type { Params, RuleCode } from '../registryRules';
import { RowReader } from './cells';
import { SHEETS, type AnySheet, type ColumnDef, type TableKey } from './sheets';

export interface RawRow {
  /** Row number as the spreadsheet shows it (1-based). */
  n: number;
  cells: string[];
}

export interface RawSheet {
  file: string;
  /** The sheet name in a workbook; the file name for a CSV. */
  name: string;
  rows: RawRow[];
}

/** One line of the import report. `row`/`column` are null for a problem with a whole file or sheet. */
export interface ReportItem {
  file: string;
  sheet: string;
  row: number | null;
  column: string | null;
  code: RuleCode;
  params?: Params;
  /** The problem in words (zh), added by the server for API clients; the app renders `code` itself. */
  message?: string;
}

export interface ParsedTable<T = unknown> {
  key: TableKey;
  file: string;
  sheet: string;
  items: T[];
  /** Row number of each item. */
  rows: number[];
  /** Items whose row had a cell problem (the registry rules skip them). */
  broken: Set<number>;
  problems: ReportItem[];
}

/** Headers compared without spaces, required-markers or parenthesised notes. */
export const normHeader = (s: string): string => s.replace(/\s|\*|※|[(\uFF08][^)\uFF09]*[)\uFF09]/g, '').toLowerCase();

function headerKeys(col: ColumnDef): string[] {
  return [col.header, ...(col.aliases ?? []), col.key].map(normHeader);
}

/** Column index of each known column in a header row. */
function matchHeader(def: AnySheet, cells: string[]): Map<string, number> {
  const at = new Map<string, number>();
  const norm = cells.map(normHeader);
  for (const col of def.columns) {
    const keys = headerKeys(col);
    const i = norm.findIndex((h) => h !== '' && keys.includes(h));
    if (i >= 0) at.set(col.key, i);
  }
  return at;
}

const HEADER_SCAN = 5;

/** The header row: among the first rows, the one with the most known columns (a title row may precede it). */
function findHeader(def: AnySheet, sheet: RawSheet): { index: number; columns: Map<string, number> } | null {
  let best: { index: number; columns: Map<string, number> } | null = null;
  const scan = Math.min(HEADER_SCAN, sheet.rows.length);
  for (let index = 0; index < scan; index++) {
    const columns = matchHeader(def, sheet.rows[index]!.cells);
    if (columns.size > (best?.columns.size ?? 0)) best = { index, columns };
  }
  return best;
}

/** Which table a sheet holds: by its name first, else by the most required columns matched. */
export function detectTable(sheet: RawSheet): TableKey | null {
  const name = normHeader(sheet.name.replace(/\.(csv|txt)$/i, ''));
  const byName = SHEETS.find((s) => normHeader(s.sheet) === name || s.key === name);
  if (byName) return byName.key;
  let best: { key: TableKey; score: number } | null = null;
  for (const def of SHEETS as unknown as AnySheet[]) {
    const h = findHeader(def, sheet);
    if (!h) continue;
    const required = def.columns.filter((c) => c.required);
    const matched = required.filter((c) => h.columns.has(c.key)).length;
    // All required columns, and more of them than any other table: 村 and 农户 share 经度/纬度.
    if (matched === required.length && (!best || h.columns.size > best.score)) best = { key: def.key, score: h.columns.size };
  }
  return best?.key ?? null;
}

export function parseTable<T>(def: AnySheet, sheet: RawSheet, maxRows: number): ParsedTable<T> {
  // A CSV file's only sheet is shown by its table name (农户), beside the file name.
  const name = sheet.name === sheet.file ? def.sheet : sheet.name;
  const out: ParsedTable<T> = { key: def.key, file: sheet.file, sheet: name, items: [], rows: [], broken: new Set(), problems: [] };
  const at = (row: number | null, column: string | null, code: RuleCode, params?: Params) =>
    out.problems.push({ file: sheet.file, sheet: name, row, column, code, ...(params ? { params } : {}) });
  const header = findHeader(def, sheet);
  if (!header) {
    for (const col of def.columns.filter((c) => c.required)) at(sheet.rows[0]?.n ?? 1, null, 'missing_column', { value: col.header });
    return out;
  }
  const headerRow = sheet.rows[header.index]!;
  const missing = def.columns.filter((c) => c.required && !header.columns.has(c.key));
  for (const col of missing) at(headerRow.n, null, 'missing_column', { value: col.header });
  if (missing.length > 0) return out;
  const body = sheet.rows.slice(header.index + 1);
  if (body.length > maxRows) {
    at(null, null, 'too_many_rows', { max: maxRows });
    return out;
  }
  const headerOf = new Map(def.columns.map((c) => [c.key, c.header]));
  for (const row of body) {
    const cells = new Map<string, string>();
    let blank = true;
    for (const [key, i] of header.columns) {
      const v = (row.cells[i] ?? '').trim();
      if (v !== '') blank = false;
      cells.set(key, v);
    }
    if (blank) continue; // spacer rows are common in hand-kept sheets
    const reader = new RowReader(cells);
    const item = def.read(reader) as T;
    const index = out.items.length;
    out.items.push(item);
    out.rows.push(row.n);
    if (reader.problems.length > 0) {
      out.broken.add(index);
      for (const p of reader.problems) at(row.n, headerOf.get(p.column) ?? p.column, p.code, p.params);
    }
  }
  return out;
}
