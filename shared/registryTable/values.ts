/**
 * Cell values as county staff type them, and as we write them back: statuses by their Chinese
 * names (with the short forms people use), lists separated by 、 (or , ; /), yes/no as 是/否,
 * numbers with full-width digits from a Chinese IME.
 */
import { EDGE_KIND_LABELS, EDGE_KINDS, HOUSEHOLD_STATUS_LABELS, type EdgeKind, type FeedbackIssue, type HouseholdStatus, type Township } from '../registry';

/** Full-width digits, point, minus and comma → ASCII. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF0E\uFF0D\uFF0C]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export const LIST_SEPARATOR = '、';
// 、 and , ; in both widths (a Chinese IME types ，；).
const LIST_SPLIT = /[、,\uFF0C;\uFF1B/|\n]+/;

export function splitList(s: string): string[] {
  return s
    .split(LIST_SPLIT)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export const joinList = (items: readonly string[]): string => items.join(LIST_SEPARATOR);

/** A decimal number, or null when the cell is not one. */
export function parseNumber(s: string): number | null {
  const t = halfWidth(s).replace(/\s/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function parseInteger(s: string): number | null {
  const n = parseNumber(s);
  return n !== null && Number.isInteger(n) ? n : null;
}

function lookup<T extends string>(table: Record<string, T>, s: string): T | null {
  const key = halfWidth(s).replace(/[\s()\uFF08\uFF09]/g, '').toLowerCase();
  return table[key] ?? null;
}

const norm = (s: string) => s.replace(/[\s()\uFF08\uFF09]/g, '').toLowerCase();

const STATUS: Record<string, HouseholdStatus> = {};
for (const st of Object.keys(HOUSEHOLD_STATUS_LABELS) as HouseholdStatus[]) {
  STATUS[norm(HOUSEHOLD_STATUS_LABELS[st].zh)] = st;
  STATUS[norm(st)] = st;
}
Object.assign(STATUS, {
  未脱贫: 'registered_poor',
  贫困户: 'registered_poor',
  建档立卡贫困户: 'registered_poor',
  建档立卡户未脱贫: 'registered_poor',
  已脱贫: 'exited',
  脱贫户: 'exited',
  建档立卡脱贫户: 'exited',
  建档立卡户已脱贫: 'exited',
  边缘户: 'edge',
  一般农户: 'ordinary',
  一般户: 'ordinary',
  非贫困户: 'ordinary',
} satisfies Record<string, HouseholdStatus>);

export const parseStatus = (s: string): HouseholdStatus | null => lookup(STATUS, s);
export const statusText = (s: HouseholdStatus): string => HOUSEHOLD_STATUS_LABELS[s].zh;
export const STATUS_CHOICES = Object.values(HOUSEHOLD_STATUS_LABELS).map((l) => l.zh);

const EDGE: Record<string, EdgeKind> = {};
for (const k of EDGE_KINDS) {
  EDGE[norm(k)] = k;
  EDGE[norm(EDGE_KIND_LABELS[k].zh)] = k;
  // 低保户 → 低保, 危房户 → 危房 …: the forms people write without 户.
  EDGE[norm(EDGE_KIND_LABELS[k].zh.replace(/户$/, ''))] = k;
}
EDGE['残疾'] = 'disability';
EDGE['独居老人'] = 'elderly_alone';

export const parseEdgeKind = (s: string): EdgeKind | null => lookup(EDGE, s);
export const edgeKindText = (k: EdgeKind): string => EDGE_KIND_LABELS[k].zh;
export const EDGE_CHOICES = EDGE_KINDS.map(edgeKindText);

const YES_NO: Record<string, boolean> = { 是: true, 否: false, y: true, n: false, yes: true, no: false, true: true, false: false, '1': true, '0': false, '√': true, '×': false };
export function parseYesNo(s: string): boolean | null {
  const v = YES_NO[norm(s)];
  return v === undefined ? null : v;
}
export const yesNoText = (b: boolean): string => (b ? '是' : '否');

const TOWNSHIP_KIND: Record<string, Township['kind']> = { 乡镇: 'township', 镇: 'township', 乡: 'township', 街道: 'township', township: 'township', 开发区: 'development_zone', 园区: 'development_zone', development_zone: 'development_zone' };
export const parseTownshipKind = (s: string): Township['kind'] | null => lookup(TOWNSHIP_KIND, s);
export const townshipKindText = (k: Township['kind']): string => (k === 'township' ? '乡镇' : '开发区');

const ISSUE_STATE: Record<string, FeedbackIssue['state']> = {
  未整改: 'open',
  整改中: 'open',
  open: 'open',
  已整改: 'rectified',
  已整改待销号: 'rectified',
  待销号: 'rectified',
  rectified: 'rectified',
  已销号: 'closed',
  closed: 'closed',
};
export const parseIssueState = (s: string): FeedbackIssue['state'] | null => lookup(ISSUE_STATE, s);
export const issueStateText = (s: FeedbackIssue['state']): string => ({ open: '未整改', rectified: '已整改待销号', closed: '已销号' })[s];

export type MemberRole = 'leader' | 'inspector';
const MEMBER_ROLE: Record<string, MemberRole> = { 组长: 'leader', 督查组组长: 'leader', leader: 'leader', 成员: 'inspector', 组员: 'inspector', 联络员: 'inspector', 督查组成员: 'inspector', inspector: 'inspector' };
export const parseMemberRole = (s: string): MemberRole | null => lookup(MEMBER_ROLE, s);
export const memberRoleText = (r: MemberRole): string => (r === 'leader' ? '组长' : '成员');
