/**
 * exceljs, with one fix applied before it loads. Its XML reader (`lib/utils/parse-sax.js`)
 * decodes each compressed-stream chunk to text on its own, so a Chinese character whose UTF-8
 * bytes straddle two chunks turns into "��" — a few cells in every large Chinese workbook.
 * We put a version that decodes with one streaming TextDecoder per parse into Node's module
 * cache first; every exceljs module that requires parse-sax then gets it.
 *
 * Import ExcelJS from here, never from 'exceljs' directly, in code that reads workbooks. The
 * import worker is a fresh thread, so the fix is always in place there; `utf8Fixed` says
 * whether it took in this thread (false if exceljs was loaded before this module).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const baseXformPath = require.resolve('exceljs/lib/xlsx/xform/base-xform.js');
const fromExceljs = createRequire(parseSaxPath);

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

async function* parseSax(iterable: AsyncIterable<Uint8Array | string>): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => SaxesLike };
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

interface SaxesLike {
  on(event: string, cb: (value: unknown) => void): void;
  write(s: string): void;
}

export const utf8Fixed = !require.cache[baseXformPath];
if (utf8Fixed) {
  require(parseSaxPath); // creates the cache entry …
  require.cache[parseSaxPath]!.exports = parseSax; // … whose exports every later require gets
}

const ExcelJS = require('exceljs') as typeof import('exceljs');

interface ReaderInternals {
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

/**
 * The name workbook.xml gives the worksheet stored as `xl/worksheets/sheet<n>.xml`. exceljs's
 * streaming reader matches only relative targets; some writers use absolute ones (/xl/…).
 */
export function sheetName(reader: unknown, fileNo: string): string | null {
  const r = reader as ReaderInternals;
  const rel = r.workbookRels?.find((x) => x.Target.replace(/^\/?(xl\/)?/, '') === `worksheets/sheet${fileNo}.xml`);
  return (rel && r.model?.sheets?.find((s) => s.rId === rel.Id)?.name) ?? null;
}

export default ExcelJS;
