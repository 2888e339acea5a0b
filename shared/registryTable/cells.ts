/**
 * Reading one row's cells into typed values. A cell that cannot be read is reported (and the
 * row marked broken, so the registry rules do not pile further messages on it); the value
 * falls back to something harmless.
 */
import type { LngLat } from '../registry';
import type { Params, RuleCode } from '../registryRules';
import { parseInteger, parseNumber, splitList } from './values';

export type Cell = string | number | null;

export interface CellProblem {
  column: string;
  code: RuleCode;
  params?: Params;
}

export class RowReader {
  readonly problems: CellProblem[] = [];

  constructor(private readonly cells: ReadonlyMap<string, string>) {}

  bad(column: string, code: RuleCode, params?: Params): void {
    this.problems.push(params ? { column, code, params } : { column, code });
  }

  /** The trimmed text ('' when blank or absent). Required-ness of text is a registry rule. */
  str(key: string): string {
    return this.cells.get(key) ?? '';
  }

  opt(key: string): string | undefined {
    const s = this.str(key);
    return s === '' ? undefined : s;
  }

  list(key: string): string[] {
    return splitList(this.str(key));
  }

  int(key: string, required: true): number;
  int(key: string, required: false): number | undefined;
  int(key: string, required: boolean): number | undefined {
    const s = this.str(key);
    if (s === '') {
      if (required) this.bad(key, 'required');
      return required ? 0 : undefined;
    }
    const n = parseInteger(s);
    if (n === null) {
      this.bad(key, parseNumber(s) === null ? 'not_a_number' : 'not_an_integer', { value: s });
      return required ? 0 : undefined;
    }
    return n;
  }

  num(key: string): number | undefined {
    const s = this.str(key);
    if (s === '') return undefined;
    const n = parseNumber(s);
    if (n === null) this.bad(key, 'not_a_number', { value: s });
    return n ?? undefined;
  }

  /** A value from a fixed vocabulary; blank → `dflt` (or `required` when there is none). */
  choice<T>(key: string, parse: (s: string) => T | null, allowed: readonly string[], dflt?: T): T | undefined {
    const s = this.str(key);
    if (s === '') {
      if (dflt === undefined) this.bad(key, 'required');
      return dflt;
    }
    const v = parse(s);
    if (v === null) this.bad(key, 'unknown_value', { value: s, allowed: allowed.join('、') });
    return v ?? dflt;
  }

  choices<T>(key: string, parse: (s: string) => T | null, allowed: readonly string[]): T[] {
    const out: T[] = [];
    for (const s of this.list(key)) {
      const v = parse(s);
      if (v === null) this.bad(key, 'unknown_value', { value: s, allowed: allowed.join('、') });
      else out.push(v);
    }
    return out;
  }

  /** Longitude and latitude: both or neither. */
  point(lngKey: string, latKey: string, required: boolean): LngLat | undefined {
    const lng = this.num(lngKey);
    const lat = this.num(latKey);
    const blankLng = this.str(lngKey) === '';
    const blankLat = this.str(latKey) === '';
    if (blankLng && blankLat) {
      if (required) this.bad(lngKey, 'required');
      return undefined;
    }
    if (blankLng !== blankLat) {
      this.bad(blankLng ? lngKey : latKey, 'coordinates_pair');
      return undefined;
    }
    return lng !== undefined && lat !== undefined ? { lng, lat } : undefined;
  }
}
