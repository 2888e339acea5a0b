/**
 * The template and the export, with exceljs: one workbook with an instructions sheet and one
 * sheet per table, or one CSV per table (UTF-8 with BOM, so Excel on Windows shows the Chinese
 * headers right). Streamed: a 200,000-household export never holds a Worksheet model.
 */
import type * as XL from 'exceljs';
import ExcelJS from './exceljs';
import { PassThrough } from 'node:stream';
import type { Registry } from '../../../shared/registry';
import type { Cell } from '../../../shared/registryTable/cells';
import { tableRows } from '../../../shared/registryTable/rows';
import { INSTRUCTIONS_SHEET, SHEETS, sheetByKey, type GroupMember, type TableKey } from '../../../shared/registryTable/sheets';
import { EDGE_CHOICES, STATUS_CHOICES } from '../../../shared/registryTable/values';

/** Drop-down lists in the template for columns with a fixed vocabulary. */
const CHOICES: Partial<Record<TableKey, Record<string, string[]>>> = {
  townships: { kind: ['乡镇', '开发区'] },
  villages: { poorVillage: ['是', '否'] },
  households: { status: STATUS_CHOICES },
  members: { role: ['组长', '成员'] },
  issues: { state: ['未整改', '已整改待销号', '已销号'] },
};
const TEMPLATE_ROWS = 5000;
const HEADER_FILL: XL.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E3E3' } };

function colLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function collect(stream: PassThrough, done: Promise<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  stream.on('data', (b: Buffer) => parts.push(b));
  await done;
  return Buffer.concat(parts);
}

function instructions(wb: XL.stream.xlsx.WorkbookWriter): void {
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '表', width: 14 },
    { header: '列名', width: 16 },
    { header: '必填', width: 8 },
    { header: '说明', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.addRow(['', '', '', '每张表第一行是列名，从第二行起每行一条记录。导入时整份文件先逐行检查，全部无误才写入；有误时列出“表、行、列、问题”。']).commit();
  ws.addRow(['', '', '', `帮扶措施、边缘户类型、驻点乡镇编号可填多项，用“、”分隔。边缘户类型：${EDGE_CHOICES.join('、')}。`]).commit();
  ws.addRow(['', '', '', '只上传部分表（例如只有“农户”）时，只替换这部分数据，其余保持不变。CSV 文件每个文件一张表，按列名识别。']).commit();
  for (const def of SHEETS) {
    for (const col of def.columns) ws.addRow([def.sheet, col.header, col.required ? '是' : '', col.help]).commit();
  }
  ws.commit();
}

function dataSheet(wb: XL.stream.xlsx.WorkbookWriter, key: TableKey, registry: Registry | null, members: readonly GroupMember[]): void {
  const t = tableRows(key, registry, members);
  const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.headers.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 4) }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = HEADER_FILL;
  if (!registry) {
    const def = sheetByKey(key);
    for (const [colKey, list] of Object.entries(CHOICES[key] ?? {})) {
      const letter = colLetter(def.columns.findIndex((c) => c.key === colKey));
      (ws as unknown as { dataValidations: { add(range: string, v: XL.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list.join(',')}"`],
      });
    }
  }
  for (const row of t.rows) ws.addRow(row).commit();
  ws.commit();
}

/** The whole registry (or, with `registry` null, the empty template). */
export async function writeWorkbook(registry: Registry | null, members: readonly GroupMember[] = []): Promise<Buffer> {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '随查 Suicha';
  const done = (async () => {
    instructions(wb);
    for (const def of SHEETS) dataSheet(wb, def.key, registry, members);
    await wb.commit();
  })();
  return collect(stream, done);
}

/** One table as CSV, UTF-8 with BOM. */
export async function writeCsv(key: TableKey, registry: Registry | null, members: readonly GroupMember[] = []): Promise<Buffer> {
  const t = tableRows(key, registry, members);
  const rows: Cell[][] = [t.headers, ...t.rows];
  const wb = new ExcelJS.Workbook();
  // exceljs writes CSV from a Worksheet it walks with eachRow; rows are handed over without building one.
  (wb as unknown as { getWorksheet: () => unknown }).getWorksheet = () => ({
    eachRow: (cb: (row: { values: Cell[] }, n: number) => void) => rows.forEach((r, i) => cb({ values: [null, ...r] }, i + 1)),
  });
  const buf = await wb.csv.writeBuffer({ formatterOptions: { writeBOM: true } } as unknown as Parameters<typeof wb.csv.writeBuffer>[0]);
  return Buffer.from(buf as ArrayBuffer);
}
