/**
 * The registry as spreadsheets: one sheet (or one CSV file) per entity, Chinese column headers,
 * one row per entity. The same definitions write the template and the export and read the
 * import, so an export imports back unchanged. A household names its pairing contact; a
 * contact's household list is derived from that (`assemble.ts`).
 */
import type { County, FeedbackIssue, Household, InspectionGroup, PairingContact, ResponsibleUnit, Township, Village } from '../registry';
import type { EntityKind } from '../registryRules';
import { RowReader, type Cell } from './cells';
import {
  EDGE_CHOICES,
  edgeKindText,
  issueStateText,
  joinList,
  memberRoleText,
  parseEdgeKind,
  parseIssueState,
  parseMemberRole,
  parseStatus,
  parseTownshipKind,
  parseYesNo,
  STATUS_CHOICES,
  statusText,
  townshipKindText,
  yesNoText,
  type MemberRole,
} from './values';

/** A group member row: an account (created if new) put in a group as leader or inspector. */
export interface GroupMember {
  username: string;
  name: string;
  groupId: string;
  role: MemberRole;
}

export interface ColumnDef {
  key: string;
  header: string;
  /** Other headers people write for the same column. */
  aliases?: string[];
  required: boolean;
  /** One line for the instructions sheet. */
  help: string;
}

export const TABLE_KEYS = ['county', 'townships', 'villages', 'households', 'contacts', 'units', 'groups', 'members', 'issues'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export interface SheetDef<T> {
  key: TableKey;
  entity: EntityKind;
  /** Sheet name in the workbook, also accepted as a CSV file name. */
  sheet: string;
  columns: ColumnDef[];
  /** Entity field → the column a problem with it is reported on (when not the same key). */
  fieldColumn?: Record<string, string>;
  /** Entity field → the table its ids refer to (for "check sheet X" hints). */
  refs?: Record<string, TableKey>;
  read(r: RowReader): T;
  write(e: T): Record<string, Cell>;
}

const c = (key: string, header: string, required: boolean, help: string, aliases?: string[]): ColumnDef => ({ key, header, required, help, ...(aliases ? { aliases } : {}) });
const blankToNull = (s: string | undefined): Cell => (s === undefined || s === '' ? null : s);

export const countySheet: SheetDef<County> = {
  key: 'county',
  entity: 'county',
  sheet: '县',
  columns: [
    c('id', '县编号', true, '字母或数字，如行政区划代码 341523', ['编号']),
    c('name', '县名称', true, '如 舒城县', ['名称']),
    c('west', '西界经度', true, '县域范围：最西的经度，如 116.6'),
    c('south', '南界纬度', true, '县域范围：最南的纬度，如 31.2'),
    c('east', '东界经度', true, '县域范围：最东的经度'),
    c('north', '北界纬度', true, '县域范围：最北的纬度'),
    c('timeZone', '时区', false, '留空即 Asia/Shanghai'),
  ],
  fieldColumn: { bbox: 'west' },
  read: (r) => {
    const b = ['west', 'south', 'east', 'north'].map((k) => {
      const n = r.num(k);
      if (n === undefined && r.str(k) === '') r.bad(k, 'required');
      return n ?? NaN;
    });
    return { id: r.str('id'), name: r.str('name'), bbox: b as County['bbox'], timeZone: r.opt('timeZone') ?? 'Asia/Shanghai' };
  },
  write: (e) => ({ id: e.id, name: e.name, west: e.bbox[0], south: e.bbox[1], east: e.bbox[2], north: e.bbox[3], timeZone: e.timeZone }),
};

export const townshipsSheet: SheetDef<Township> = {
  key: 'townships',
  entity: 'township',
  sheet: '乡镇',
  columns: [c('id', '乡镇编号', true, '本县内唯一'), c('name', '乡镇名称', true, '如 城关镇'), c('kind', '类型', false, '乡镇 或 开发区，留空为乡镇')],
  read: (r) => ({ id: r.str('id'), name: r.str('name'), kind: r.choice('kind', parseTownshipKind, ['乡镇', '开发区'], 'township')! }),
  write: (e) => ({ id: e.id, name: e.name, kind: townshipKindText(e.kind) }),
};

export const villagesSheet: SheetDef<Village> = {
  key: 'villages',
  entity: 'village',
  sheet: '村',
  columns: [
    c('id', '村编号', true, '本县内唯一'),
    c('townshipId', '所属乡镇编号', true, '“乡镇”表中的编号'),
    c('name', '村名称', true, '村或社区名称'),
    c('poorVillage', '是否贫困村', false, '是 或 否，留空为否', ['贫困村']),
    c('lng', '经度', true, '村委会位置，十进制度数，如 116.95'),
    c('lat', '纬度', true, '如 31.42'),
  ],
  fieldColumn: { location: 'lng' },
  refs: { townshipId: 'townships' },
  read: (r) => ({
    id: r.str('id'),
    townshipId: r.str('townshipId'),
    name: r.str('name'),
    poorVillage: r.choice('poorVillage', parseYesNo, ['是', '否'], false)!,
    location: r.point('lng', 'lat', true)!,
  }),
  write: (e) => ({ id: e.id, townshipId: e.townshipId, name: e.name, poorVillage: yesNoText(e.poorVillage), lng: e.location.lng, lat: e.location.lat }),
};

export const householdsSheet: SheetDef<Household> = {
  key: 'households',
  entity: 'household',
  sheet: '农户',
  columns: [
    c('id', '户编号', true, '本县内唯一，如建档立卡户编号'),
    c('villageId', '所属村编号', true, '“村”表中的编号'),
    c('head', '户主姓名', true, '', ['户主']),
    c('status', '户类型', true, STATUS_CHOICES.join('、'), ['农户类型', '户属性']),
    c('exitYear', '脱贫年度', false, '已脱贫户必填，如 2018'),
    c('edgeKinds', '边缘户类型', false, `边缘户必填，可多项用“、”分隔：${EDGE_CHOICES.join('、')}`),
    c('members', '家庭人口', true, '整数，1–30', ['人口数', '家庭人口数']),
    c('povertyCause', '致贫原因', false, '如 因病'),
    c('measures', '帮扶措施', false, '可多项，用“、”分隔'),
    c('pairingContactId', '帮扶责任人编号', false, '“帮扶责任人”表中的编号；每位责任人最多结对 3 户'),
    c('lng', '经度', false, '住房位置，与纬度同时填写或同时留空'),
    c('lat', '纬度', false, ''),
  ],
  fieldColumn: { location: 'lng' },
  refs: { villageId: 'villages', pairingContactId: 'contacts' },
  read: (r) => {
    const h: Household = {
      id: r.str('id'),
      villageId: r.str('villageId'),
      head: r.str('head'),
      status: r.choice('status', parseStatus, STATUS_CHOICES) ?? 'ordinary',
      edgeKinds: r.choices('edgeKinds', parseEdgeKind, EDGE_CHOICES),
      members: r.int('members', true),
      measures: r.list('measures'),
    };
    const exitYear = r.int('exitYear', false);
    if (exitYear !== undefined) h.exitYear = exitYear;
    const cause = r.opt('povertyCause');
    if (cause !== undefined) h.povertyCause = cause;
    const contact = r.opt('pairingContactId');
    if (contact !== undefined) h.pairingContactId = contact;
    const at = r.point('lng', 'lat', false);
    if (at) h.location = at;
    return h;
  },
  write: (e) => ({
    id: e.id,
    villageId: e.villageId,
    head: e.head,
    status: statusText(e.status),
    exitYear: e.exitYear ?? null,
    edgeKinds: blankToNull(joinList(e.edgeKinds.map(edgeKindText))),
    members: e.members,
    povertyCause: blankToNull(e.povertyCause),
    measures: blankToNull(joinList(e.measures)),
    pairingContactId: blankToNull(e.pairingContactId),
    lng: e.location?.lng ?? null,
    lat: e.location?.lat ?? null,
  }),
};

export const contactsSheet: SheetDef<PairingContact> = {
  key: 'contacts',
  entity: 'contact',
  sheet: '帮扶责任人',
  columns: [
    c('id', '责任人编号', true, '本县内唯一；农户表“帮扶责任人编号”引用它'),
    c('name', '姓名', true, ''),
    c('workUnit', '帮扶单位', true, '如 县教育局'),
    c('phone', '联系电话', false, ''),
  ],
  read: (r) => {
    const contact: PairingContact = { id: r.str('id'), name: r.str('name'), workUnit: r.str('workUnit'), householdIds: [] };
    const phone = r.opt('phone');
    if (phone !== undefined) contact.phone = phone;
    return contact;
  },
  write: (e) => ({ id: e.id, name: e.name, workUnit: e.workUnit, phone: blankToNull(e.phone) }),
};

export const unitsSheet: SheetDef<ResponsibleUnit> = {
  key: 'units',
  entity: 'unit',
  sheet: '责任单位',
  columns: [c('id', '单位编号', true, '本县内唯一'), c('name', '单位名称', true, '乡镇政府或县直部门')],
  read: (r) => ({ id: r.str('id'), name: r.str('name') }),
  write: (e) => ({ id: e.id, name: e.name }),
};

export const groupsSheet: SheetDef<InspectionGroup> = {
  key: 'groups',
  entity: 'group',
  sheet: '督查组',
  columns: [
    c('id', '督查组编号', true, '字母、数字、下划线，如 g1'),
    c('name', '督查组名称', true, '如 第一督查组'),
    c('townshipIds', '驻点乡镇编号', true, '可多个，用“、”分隔；一个乡镇只属于一个督查组'),
  ],
  refs: { townshipIds: 'townships' },
  read: (r) => ({ id: r.str('id'), name: r.str('name'), townshipIds: r.list('townshipIds') }),
  write: (e) => ({ id: e.id, name: e.name, townshipIds: joinList(e.townshipIds) }),
};

export const membersSheet: SheetDef<GroupMember> = {
  key: 'members',
  entity: 'member',
  sheet: '督查组成员',
  columns: [
    c('username', '用户名', true, '登录用的用户名；新用户会自动开户，初始密码在导入结果中显示一次'),
    c('name', '姓名', true, ''),
    c('groupId', '督查组编号', true, '“督查组”表中的编号'),
    c('role', '角色', true, '组长 或 成员'),
  ],
  refs: { groupId: 'groups' },
  read: (r) => ({ username: r.str('username'), name: r.str('name'), groupId: r.str('groupId'), role: r.choice('role', parseMemberRole, ['组长', '成员']) ?? 'inspector' }),
  write: (e) => ({ username: e.username, name: e.name, groupId: e.groupId, role: memberRoleText(e.role) }),
};

export const issuesSheet: SheetDef<FeedbackIssue> = {
  key: 'issues',
  entity: 'issue',
  sheet: '反馈问题',
  columns: [
    c('id', '问题编号', true, '本县内唯一'),
    c('villageId', '所属村编号', true, '“村”表中的编号'),
    c('householdId', '涉及农户编号', false, '问题涉及某一户时填写，须是该村的农户'),
    c('source', '问题来源', true, '如 2018年省第三方监测评估反馈'),
    c('description', '问题描述', true, ''),
    c('responsibleUnitId', '责任单位编号', true, '“责任单位”表中的编号'),
    c('state', '整改状态', false, '未整改、已整改待销号、已销号，留空为未整改'),
  ],
  refs: { villageId: 'villages', householdId: 'households', responsibleUnitId: 'units' },
  read: (r) => {
    const issue: FeedbackIssue = {
      id: r.str('id'),
      villageId: r.str('villageId'),
      source: r.str('source'),
      description: r.str('description'),
      responsibleUnitId: r.str('responsibleUnitId'),
      state: r.choice('state', parseIssueState, ['未整改', '已整改待销号', '已销号'], 'open')!,
    };
    const hh = r.opt('householdId');
    if (hh !== undefined) issue.householdId = hh;
    return issue;
  },
  write: (e) => ({
    id: e.id,
    villageId: e.villageId,
    householdId: blankToNull(e.householdId),
    source: e.source,
    description: e.description,
    responsibleUnitId: e.responsibleUnitId,
    state: issueStateText(e.state),
  }),
};

/** Workbook order: the order a county fills them in (places first, people, then issues). */
export const SHEETS = [countySheet, townshipsSheet, villagesSheet, householdsSheet, contactsSheet, unitsSheet, groupsSheet, membersSheet, issuesSheet] as const;
// A union of every sheet's entity type would make `read` uncallable; callers narrow by `key`.
export type AnySheet = SheetDef<unknown>;
export const sheetByKey = (key: TableKey): AnySheet => SHEETS.find((s) => s.key === key)! as unknown as AnySheet;

export const INSTRUCTIONS_SHEET = '填表说明';
