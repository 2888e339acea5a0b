/**
 * The three lists as a spreadsheet an office files: a title row, then the seeds' table headers
 * (seed 004: problem, measures, unit, deadline, progress; seed 001 attachments 5–8), one row per
 * problem, and a footer saying when and with which filters it was exported.
 */
import ExcelJS from 'exceljs';
import { LEDGER_HEADERS, ledgerRows } from '../../shared/problems/lists';
import type { ProblemView } from '../../shared/problems/types';

const WIDTHS = [6, 12, 12, 40, 10, 32, 18, 10, 12, 36, 12];
/** Columns whose text wraps (description, measures, progress). */
const WRAP = new Set([4, 6, 10]);

export const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

export function titleRow(ws: ExcelJS.Worksheet, title: string, columns: number): void {
  ws.mergeCells(1, 1, 1, columns);
  const c = ws.getCell(1, 1);
  c.value = title;
  c.font = { bold: true, size: 16 };
  c.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
}

export function headerRow(ws: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = ws.addRow([...headers]);
  row.font = { bold: true };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  row.height = 22;
  row.eachCell((c) => {
    c.border = thin;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
  });
}

export async function ledgerWorkbook(opts: { title: string; problems: ProblemView[]; zone: string; footer: string }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '随查 Suicha';
  const ws = wb.addWorksheet('三单台账', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  ws.columns = WIDTHS.map((width) => ({ width }));
  titleRow(ws, opts.title, LEDGER_HEADERS.length);
  headerRow(ws, LEDGER_HEADERS);
  for (const values of ledgerRows(opts.problems, opts.zone)) {
    const row = ws.addRow(values);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.border = thin;
      c.alignment = { vertical: 'top', wrapText: WRAP.has(col), horizontal: col === 1 ? 'center' : 'left' };
    });
  }
  const foot = ws.addRow([opts.footer]);
  ws.mergeCells(foot.number, 1, foot.number, LEDGER_HEADERS.length);
  foot.font = { size: 9, color: { argb: 'FF666666' } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
