/** The registry as rows of cells, table by table, for the template and the export. */
import type { Registry } from '../registry';
import type { Cell } from './cells';
import { sheetByKey, type GroupMember, type TableKey } from './sheets';

export interface TableRows {
  key: TableKey;
  sheet: string;
  headers: string[];
  rows: Cell[][];
}

function itemsOf(key: TableKey, r: Registry, members: readonly GroupMember[]): readonly unknown[] {
  switch (key) {
    case 'county':
      return [r.county];
    case 'members':
      return members;
    default:
      return r[key];
  }
}

/** Header only when `registry` is null (the template). */
export function tableRows(key: TableKey, registry: Registry | null, members: readonly GroupMember[] = []): TableRows {
  const def = sheetByKey(key);
  const keys = def.columns.map((c) => c.key);
  const rows = registry
    ? itemsOf(key, registry, members).map((e) => {
        const cells = def.write(e);
        return keys.map((k) => cells[k] ?? null);
      })
    : [];
  return { key, sheet: def.sheet, headers: def.columns.map((c) => c.header), rows };
}
