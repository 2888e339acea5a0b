/**
 * The summary as a chat message (企业微信 / 钉钉 markdown): short enough to read on a phone,
 * cut to the platform's size limit with a pointer to the spreadsheet.
 */
import { CHECK_KIND_LABELS } from '../checkKinds';
import { FINDING_CATEGORY_LABELS, type FindingCategory } from '../categories';
import type { DailySummary, ProblemLine } from './compile';

const MAX_LINES_PER_LIST = 8;

function zhDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

function problemLine(p: ProblemLine, withDeadline: boolean): string {
  const cat = FINDING_CATEGORY_LABELS[p.category as FindingCategory]?.zh ?? p.category;
  const tail = withDeadline ? `,时限 ${p.deadline}` : '';
  return `- ${p.place}:${p.description}(${cat};${p.unitName}${tail})`;
}

function list(title: string, items: ProblemLine[], withDeadline: boolean): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, MAX_LINES_PER_LIST).map((p) => problemLine(p, withDeadline));
  if (items.length > shown.length) shown.push(`- ……另有 ${items.length - shown.length} 条`);
  return ['', `**${title}(${items.length})**`, ...shown];
}

export function summaryTitle(s: DailySummary): string {
  return `${s.countyName}督查日报 ${zhDay(s.date)}`;
}

export function summaryMarkdown(s: DailySummary): string {
  const t = s.totals;
  const out = [
    `## ${summaryTitle(s)}`,
    `> 督查组 ${t.groups} 个(已签署 ${t.signedOff}) · 核查 ${t.checked}/${t.quota} · 发现问题 ${t.findings} · 交办 ${t.opened} · 回访销号 ${t.closedByRevisit} · 逾期 ${t.overdue}`,
    '',
    '**按督查组**',
    ...s.groups.map((g) => {
      if (!g.hasSheet) return `- ${g.groupName}:无督查表`;
      const kinds = g.kinds.map((k) => `${CHECK_KIND_LABELS[k.kind].short} ${k.checked}/${k.quota}`).join(' · ');
      const signed = g.signedOff ? '' : '(未签署)';
      return `- ${g.groupName}${signed}:${kinds};问题 ${g.findings},交办 ${g.opened},销号 ${g.closedByRevisit},逾期 ${g.overdue}`;
    }),
    '',
    '**按检查类别**',
    ...s.kinds.map((k) => `- ${CHECK_KIND_LABELS[k.kind].short}:完成 ${k.checked}/${k.quota},问题 ${k.findings},交办 ${k.opened},销号 ${k.closedByRevisit},逾期 ${k.overdue}`),
    '',
    '**按乡镇**',
    ...s.townships.filter((x) => x.checked || x.findings || x.opened || x.closedByRevisit || x.overdue).map((x) => `- ${x.name}:核查 ${x.checked},问题 ${x.findings},交办 ${x.opened},销号 ${x.closedByRevisit},逾期 ${x.overdue}`),
    ...list('逾期问题', s.overdue, true),
    ...list('今日交办', s.opened, true),
    ...list('回访销号', s.closed, false),
  ];
  return out.join('\n');
}

/** Cuts at a line boundary so the UTF-8 size stays under `maxBytes` (WeCom: 4096). */
export function fitBytes(text: string, maxBytes: number, tail = '\n……(完整内容见日报表格)'): string {
  const enc = new TextEncoder();
  if (enc.encode(text).length <= maxBytes) return text;
  const budget = maxBytes - enc.encode(tail).length;
  const lines = text.split('\n');
  const kept: string[] = [];
  let size = 0;
  for (const l of lines) {
    const n = enc.encode(l).length + 1;
    if (size + n > budget) break;
    kept.push(l);
    size += n;
  }
  return kept.join('\n') + tail;
}
