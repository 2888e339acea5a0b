/**
 * The nightly summary as a workbook, one sheet per view — 按督查组, 按乡镇, 按检查类别 — then
 * the problem lists (今日交办, 回访销号, 逾期问题), each with a title row and headers like the
 * statistics forms of seed 001 (attachments 5–8).
 */
import ExcelJS from 'exceljs';
import { FINDING_CATEGORY_LABELS, type FindingCategory } from '../../shared/categories';
import { CHECK_KIND_LABELS, CHECK_KINDS } from '../../shared/checkKinds';
import type { DailySummary, ProblemLine } from '../../shared/summary/compile';
import { summaryTitle } from '../../shared/summary/markdown';
import { headerRow, thin, titleRow } from '../problems/xlsx';

type Cell = string | number;

function sheet(wb: ExcelJS.Workbook, name: string, title: string, headers: string[], rows: Cell[][], widths: number[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = widths.map((width) => ({ width }));
  titleRow(ws, title, headers.length);
  headerRow(ws, headers);
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = thin;
      c.alignment = { vertical: 'top', wrapText: true };
    });
  }
}

const pct = (n: number, of: number): string => (of > 0 ? `${Math.round((n / of) * 100)}%` : '—');
const kindShort = CHECK_KINDS.map((k) => CHECK_KIND_LABELS[k].short);

function problemRows(list: ProblemLine[]): Cell[][] {
  return list.map((p, i) => [i + 1, p.place, p.description, FINDING_CATEGORY_LABELS[p.category as FindingCategory]?.zh ?? p.category, p.unitName, p.deadline, p.groupName]);
}

export async function summaryWorkbook(s: DailySummary): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '随查 Suicha';
  const title = summaryTitle(s);
  sheet(
    wb,
    '按督查组',
    `${title} · 按督查组`,
    ['序号', '督查组', '是否签署', ...kindShort.map((k) => `${k}(完成/最低)`), '合计完成', '完成率', '发现问题', '交办问题', '回访销号', '逾期问题'],
    [
      ...s.groups.map((g, i) => [
        i + 1,
        g.groupName,
        !g.hasSheet ? '无督查表' : g.signedOff ? '已签署' : '未签署',
        ...CHECK_KINDS.map((k) => {
          const c = g.kinds.find((x) => x.kind === k);
          return c ? `${c.checked}/${c.quota}` : '—';
        }),
        `${g.checked}/${g.quota}`,
        pct(g.checked, g.quota),
        g.findings,
        g.opened,
        g.closedByRevisit,
        g.overdue,
      ]),
      ['合计', '', `${s.totals.signedOff}/${s.totals.groups}`, ...CHECK_KINDS.map((k) => {
        const c = s.kinds.find((x) => x.kind === k)!;
        return `${c.checked}/${c.quota}`;
      }), `${s.totals.checked}/${s.totals.quota}`, pct(s.totals.checked, s.totals.quota), s.totals.findings, s.totals.opened, s.totals.closedByRevisit, s.totals.overdue],
    ],
    [6, 16, 10, 16, 16, 16, 16, 12, 9, 10, 10, 10, 10],
  );
  sheet(
    wb,
    '按乡镇',
    `${title} · 按乡镇`,
    ['序号', '乡镇', '核查对象', '发现问题', '交办问题', '回访销号', '逾期问题'],
    s.townships.map((t, i) => [i + 1, t.name, t.checked, t.findings, t.opened, t.closedByRevisit, t.overdue]),
    [6, 16, 10, 10, 10, 10, 10],
  );
  sheet(
    wb,
    '按检查类别',
    `${title} · 按检查类别(四必查)`,
    ['序号', '检查类别', '最低数', '完成数', '完成率', '发现问题', '交办问题', '回访销号', '逾期问题'],
    s.kinds.map((k, i) => [i + 1, CHECK_KIND_LABELS[k.kind].zh, k.quota, k.checked, pct(k.checked, k.quota), k.findings, k.opened, k.closedByRevisit, k.overdue]),
    [6, 44, 9, 9, 9, 10, 10, 10, 10],
  );
  const headers = ['序号', '乡镇/村', '问题描述', '问题类别', '责任单位', '整改时限', '督查组'];
  const widths = [6, 22, 44, 12, 20, 12, 14];
  sheet(wb, '今日交办', `${title} · 今日交办问题`, headers, problemRows(s.opened), widths);
  sheet(wb, '回访销号', `${title} · 回访销号问题`, headers, problemRows(s.closed), widths);
  sheet(wb, '逾期问题', `${title} · 逾期问题`, headers, problemRows(s.overdue), widths);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
