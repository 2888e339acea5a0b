/**
 * Puts parsed tables together with what is already stored: the tables in an upload replace
 * their part of the registry, the others are kept. Then locates every rule violation on the
 * row and column it came from (or on "existing data" for parts that were not uploaded).
 */
import type { PairingContact, Registry } from '../registry';
import type { EntityKind, Params, RuleCode, Violation } from '../registryRules';
import type { ParsedTable, ReportItem } from './parse';
import { SHEETS, sheetByKey, type AnySheet, type TableKey } from './sheets';

export type Tables = Partial<Record<TableKey, ParsedTable>>;

/** A contact's households are the ones naming it, in registry order: one source of truth. */
export function deriveContactHouseholds(households: Registry['households'], contacts: readonly PairingContact[]): PairingContact[] {
  const of = new Map<string, string[]>();
  for (const h of households) {
    if (!h.pairingContactId) continue;
    const list = of.get(h.pairingContactId);
    if (list) list.push(h.id);
    else of.set(h.pairingContactId, [h.id]);
  }
  return contacts.map((c) => ({ ...c, householdIds: of.get(c.id) ?? [] }));
}

const REQUIRED_FIRST_TIME: TableKey[] = ['county', 'townships', 'villages', 'households'];
/** The registry's list parts; each has the table of the same name. */
type ListPart = Exclude<keyof Registry, 'county'>;

export interface Assembled {
  registry: Registry | null;
  problems: ReportItem[];
}

export function assemble(current: Registry | null, tables: Tables): Assembled {
  const problems: ReportItem[] = [];
  const t = (key: TableKey) => tables[key];
  if (!current) {
    for (const key of REQUIRED_FIRST_TIME) {
      if (!t(key)) problems.push({ file: '', sheet: sheetByKey(key).sheet, row: null, column: null, code: 'missing_table', params: { value: sheetByKey(key).sheet } });
    }
  }
  const countyTable = t('county');
  if (countyTable && countyTable.items.length !== 1 && countyTable.problems.length === 0) {
    problems.push({ file: countyTable.file, sheet: countyTable.sheet, row: null, column: null, code: 'county_rows', params: { count: countyTable.items.length } });
  }
  if (problems.length > 0) return { registry: null, problems };
  const county = (countyTable ? countyTable.items[0] : current?.county) as Registry['county'] | undefined;
  if (!county) return { registry: null, problems };
  const part = <P extends ListPart>(p: P): Registry[P] => (t(p)?.items as Registry[P] | undefined) ?? current?.[p] ?? ([] as unknown as Registry[P]);
  const households = part('households');
  const registry: Registry = {
    county,
    townships: part('townships'),
    villages: part('villages'),
    households,
    contacts: deriveContactHouseholds(households, part('contacts')),
    issues: part('issues'),
    units: part('units'),
    groups: part('groups'),
  };
  return { registry, problems };
}

const ENTITY_TABLE: Record<EntityKind, TableKey> = {
  county: 'county',
  township: 'townships',
  village: 'villages',
  household: 'households',
  contact: 'contacts',
  unit: 'units',
  group: 'groups',
  issue: 'issues',
  member: 'members',
};

export const EXISTING_SUFFIX = '(现有数据)';

/** Where a violation is shown: the uploaded row, or the stored part it concerns. */
export function locate(v: Violation, tables: Tables): ReportItem {
  const key = ENTITY_TABLE[v.entity];
  const def: AnySheet = sheetByKey(key);
  const table = tables[key];
  const columnKey = def.fieldColumn?.[v.field] ?? v.field;
  const column = def.columns.find((c) => c.key === columnKey)?.header ?? v.field;
  const params: Params = { ...(v.params ?? {}) };
  if (v.code === 'duplicate_id' && table && typeof params.first === 'number') params.firstRow = table.rows[params.first] ?? '';
  delete params.first;
  const ref = def.refs?.[v.field];
  if (v.code === 'unknown_ref' && ref) params.sheet = sheetByKey(ref).sheet;
  const code: RuleCode = v.code;
  return {
    file: table?.file ?? '',
    sheet: table ? table.sheet : def.sheet + EXISTING_SUFFIX,
    row: table ? (table.rows[v.index] ?? null) : null,
    column,
    code,
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}

const TABLE_ORDER = new Map(SHEETS.map((s, i) => [s.sheet, i]));

/** Report order: table by table in workbook order, then row by row. */
export function compareReport(a: ReportItem, b: ReportItem): number {
  const ta = TABLE_ORDER.get(a.sheet) ?? TABLE_ORDER.get(a.sheet.replace(EXISTING_SUFFIX, '')) ?? 99;
  const tb = TABLE_ORDER.get(b.sheet) ?? TABLE_ORDER.get(b.sheet.replace(EXISTING_SUFFIX, '')) ?? 99;
  // Stored data not in the upload comes last: the rows the admin can fix come first.
  if (a.file !== b.file) return a.file === '' ? 1 : b.file === '' ? -1 : a.file < b.file ? -1 : 1;
  if (ta !== tb) return ta - tb;
  return (a.row ?? 0) - (b.row ?? 0);
}
