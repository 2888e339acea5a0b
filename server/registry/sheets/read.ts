/**
 * Uploaded files → sheets of text cells, with exceljs. CSV text is UTF-8 (with or without BOM),
 * UTF-16 with BOM (Excel's "Unicode text"), or GBK/GB18030 (what Chinese Excel writes by
 * default); anything else is refused with a message saying how to save it. Runs in the import
 * worker: this is the slow, blocking part of an import.
 */
import ExcelJS, { sheetName, utf8Fixed } from './exceljs';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import type { Params, RuleCode } from '../../../shared/registryRules';
import type { RawRow, RawSheet } from '../../../shared/registryTable/parse';

export class FileProblem extends Error {
  constructor(
    readonly code: Extract<RuleCode, 'bad_file' | 'bad_encoding'>,
    readonly params: Params = {},
  ) {
    super(code);
    this.name = 'FileProblem';
  }
}

export type FileKind = 'xlsx' | 'csv';

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** By content first (an .xlsx renamed .csv still opens), then by name. */
export function sniff(name: string, bytes: Uint8Array): FileKind {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw new FileProblem('bad_file', { reason: '不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV' });
  if (/\.xlsx$/i.test(name)) throw new FileProblem('bad_file', { reason: '文件不是有效的 .xlsx' });
  return 'csv';
}

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16' | 'gb18030';

/** C0 control characters other than tab, LF and CR: never in a spreadsheet's text. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

/** Strict UTF-8 first; if that fails, GB18030 (a superset of GBK), refused if it still reads as garbage. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      throw new FileProblem('bad_encoding');
    }
  }
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16' };
  // NUL never occurs in text a spreadsheet writes in these encodings: this is binary.
  if (bytes.includes(0)) throw new FileProblem('bad_encoding');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: try the Chinese Windows code page.
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  // Replacement characters or C0 controls mean the bytes were not GBK text either.
  if (text.includes('\uFFFD') || hasControl(text)) throw new FileProblem('bad_encoding');
  return { text, encoding: 'gb18030' };
}

/** The delimiter the header line uses most: comma, semicolon (European Excel) or tab. */
function delimiterOf(text: string): string {
  const line = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => line.split(d).length - 1;
  return [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

export async function readCsv(file: string, bytes: Uint8Array): Promise<{ sheet: RawSheet; encoding: TextEncoding }> {
  const { text, encoding } = decodeText(bytes);
  const rows: RawRow[] = [];
  const wb = new ExcelJS.Workbook();
  // exceljs's CSV reader adds every row to a Worksheet model (kilobytes per row: gigabytes at
  // 200,000 rows). It only calls `addRow`, so it is handed a sink that keeps the text cells.
  (wb as unknown as { addWorksheet: () => unknown }).addWorksheet = () => ({
    addRow: (values: unknown[]) => rows.push({ n: rows.length + 1, cells: values.map((v) => (typeof v === 'string' ? v : v == null ? '' : String(v))) }),
  });
  try {
    await wb.csv.read(Readable.from([text]), {
      // Keep text as text: the default map turns ids like 0012 into numbers and tries dates on every cell.
      map: (v: unknown) => v,
      parserOptions: { delimiter: delimiterOf(text) },
    } as unknown as Parameters<typeof wb.csv.read>[1]);
  } catch (err) {
    throw new FileProblem('bad_file', { reason: err instanceof Error ? err.message : String(err) });
  }
  return { sheet: { file, name: file, rows }, encoding };
}

/** A cell's value as the text a person sees. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string; formula?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o || o.formula) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

const rowCells = (values: unknown[]): string[] => {
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
  return cells;
};

/**
 * Streaming first: fast and small for a 200,000-row sheet. It relies on the zip's entry order
 * (exceljs's streaming reader misses worksheets listed before workbook.xml, as some writers —
 * exceljs's own non-streaming one among them — do); when it did not see every sheet the
 * workbook lists, the whole-file reader reads it again.
 */
async function streamXlsx(file: string, bytes: Uint8Array): Promise<RawSheet[] | null> {
  const sheets: RawSheet[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const fileNos: string[] = [];
  for await (const ws of reader) {
    // Before exceljs renames it, a worksheet's id is the number in its file name.
    fileNos.push(String((ws as unknown as { id: string | number }).id));
    const sheet: RawSheet = { file, name: (ws as unknown as { name: string }).name, rows: [] };
    for await (const row of ws) sheet.rows.push({ n: row.number, cells: rowCells(row.values as unknown[]) });
    sheets.push(sheet);
  }
  const listed = (reader as unknown as { model?: { sheets?: unknown[] } }).model?.sheets?.length;
  if (listed === undefined || sheets.length < listed) return null;
  // Sheets read before workbook.xml got a provisional name; the zip is fully read now.
  sheets.forEach((sh, i) => {
    if (/^Sheet\d+$/.test(sh.name)) sh.name = sheetName(reader, fileNos[i]!) ?? sh.name;
  });
  return sheets;
}

async function loadXlsx(file: string, bytes: Uint8Array): Promise<RawSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const sheet: RawSheet = { file, name: ws.name, rows: [] };
    ws.eachRow((row, n) => sheet.rows.push({ n, cells: rowCells(row.values as unknown[]) }));
    return sheet;
  });
}

export async function readXlsx(file: string, bytes: Uint8Array): Promise<RawSheet[]> {
  // Without the fix, Chinese text is silently corrupted: better to fail loudly.
  if (!utf8Fixed) throw new Error('exceljs was loaded before its UTF-8 fix (server/registry/sheets/exceljs.ts)');
  try {
    const streamed = await streamXlsx(file, bytes).catch(() => null);
    return streamed ?? (await loadXlsx(file, bytes));
  } catch (err) {
    throw new FileProblem('bad_file', { reason: err instanceof Error ? err.message : String(err) });
  }
}

export async function readUpload(file: string, bytes: Uint8Array): Promise<{ sheets: RawSheet[]; encoding?: TextEncoding }> {
  if (sniff(file, bytes) === 'xlsx') return { sheets: await readXlsx(file, bytes) };
  const { sheet, encoding } = await readCsv(file, bytes);
  return { sheets: [sheet], encoding };
}
