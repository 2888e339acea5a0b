/**
 * Checklist templates for the four mandatory checks, in the seeds' own words (seed 001 二、三,
 * 附件1/附件2; DOMAIN.md "What each check looks at"). Answers live in each sheet target's
 * `answers` Y.Map under the item ids below, so ids are a stored contract: never rename or reuse
 * one; add new items with new ids and bump CHECKLIST_VERSION (sheets record the version they
 * were created with).
 */
import type { CheckKind, TargetRefKind } from './checkKinds';

export const CHECKLIST_VERSION = 1;

export type ChecklistItemType = 'yesno' | 'choice' | 'text';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ChecklistOption extends Bilingual {
  value: string;
}

export interface ChecklistItem {
  id: string;
  type: ChecklistItemType;
  zh: string;
  en: string;
  hint?: Bilingual;
  options?: ChecklistOption[];
  /** Group heading; consecutive items with the same heading form one group. */
  section?: Bilingual;
  /**
   * For yes/no items: the answer that means all is well. The other one is a likely finding,
   * so the form can suggest recording one (most items are phrased so that 'yes' is fine, but
   * the screening flags 疑似漏评… are fine when 'no').
   */
  ok?: 'yes' | 'no';
  /** Text items are notes, never required for a target to count as fully answered. */
  optional?: boolean;
}

export interface ChecklistTemplate {
  kind: CheckKind;
  version: number;
  appliesTo: TargetRefKind[];
  items: ChecklistItem[];
}

export const YES_NO_VALUES = ['yes', 'no', 'na'] as const;
export type YesNoValue = (typeof YES_NO_VALUES)[number];

export const YES_NO_LABELS: Record<YesNoValue, Bilingual> = {
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  na: { zh: '不适用', en: 'N/A' },
};

/** Longest text answer accepted; a longer note belongs in the target's note. */
export const MAX_TEXT_ANSWER = 500;

const yes = (section: Bilingual, id: string, zh: string, en: string, hint?: Bilingual): ChecklistItem => ({
  id,
  type: 'yesno',
  zh,
  en,
  section,
  ok: 'yes',
  ...(hint ? { hint } : {}),
});
const flag = (section: Bilingual, id: string, zh: string, en: string): ChecklistItem => ({ ...yes(section, id, zh, en), ok: 'no' });
const note = (section: Bilingual, id: string, zh: string, en: string): ChecklistItem => ({ id, type: 'text', zh, en, section, optional: true });

// 结对帮扶联系人帮扶走访 — seed 001 二(一) and 附件1 走访情况反馈表.
const VISIT: Bilingual = { zh: '走访情况(附件1“六个方面”)', en: 'The visit (the six points of Annex 1)' };
const VISIT_RULES: Bilingual = { zh: '走访制度', en: 'Visit routine' };
const PAIRING_VISIT: ChecklistTemplate = {
  kind: 'pairing_visit',
  version: CHECKLIST_VERSION,
  appliesTo: ['household'],
  items: [
    yes(VISIT, 'knows_household', '帮扶责任人了解熟悉结对帮扶户家庭基本情况', "The contact knows the household's basic situation"),
    yes(VISIT, 'policies_delivered', '建档立卡以来享受的扶贫政策措施已落实到位、见到效果', 'Policies enjoyed since registration were carried out and worked'),
    yes(VISIT, 'wishes_resolved', '特殊困难特别是“微心愿”得到有效解决', 'Special difficulties, especially "small wishes", were resolved', {
      zh: '无特殊困难或微心愿时选“不适用”',
      en: 'Choose N/A when there is none',
    }),
    yes(VISIT, 'policy_awareness', '结对帮扶户知晓其享受的政策项目', 'The household knows the policies it enjoys'),
    yes(VISIT, 'environment_helped', '帮助落实家庭人居环境“五净一有一整齐”要求', 'The contact helped meet "five clean, one has, one tidy"'),
    yes(VISIT, 'work_recognised', '结对帮扶户认可帮扶措施、效果和帮扶工作', "The household recognises the measures, results and the contact's work", {
      zh: '认可不能局限于简单的送钱送物、上门慰问',
      en: 'Gifts of money or goods and courtesy calls alone do not count',
    }),
    yes(VISIT_RULES, 'visited_this_week', '本周已开展走访(每周1次)', 'Visited this week (once a week)'),
    yes(VISIT_RULES, 'form_signed', '走访情况反馈表经单位主要负责人、驻村扶贫工作队长签字', 'Visit form signed by the unit head and the resident team leader'),
    yes(VISIT_RULES, 'form_filed', '反馈表已报乡镇(开发区)扶贫工作站汇总备查', "Form filed with the township's poverty-alleviation station"),
    note(VISIT_RULES, 'visit_note', '走访情况说明(如微心愿内容)', 'Notes on the visit (e.g. the small wish)'),
  ],
};

// 入户专班排查 — seed 001 二(三) and 附件2.
const REACH: Bilingual = { zh: '入户方式', en: 'How the household was reached' };
const BASICS: Bilingual = { zh: '两不愁三保障', en: 'Two assurances, three guarantees' };
const WHOLE: Bilingual = { zh: '整户识别(户口、收支分配、居住)', en: 'Whole-household identification' };
const SUSPECT: Bilingual = { zh: '疑似问题', en: 'Suspected problems' };
const SCREENING: ChecklistTemplate = {
  kind: 'screening',
  version: CHECKLIST_VERSION,
  appliesTo: ['household'],
  items: [
    {
      id: 'contact_mode',
      type: 'choice',
      zh: '排查方式',
      en: 'How the screening team reached the household',
      section: REACH,
      hint: { zh: '人在家必进门、人在外必通话', en: 'At home: go in; away: phone' },
      options: [
        { value: 'at_home', zh: '人在家,已进门', en: 'At home, went in' },
        { value: 'phoned', zh: '人在外,已通话', en: 'Away, phoned' },
        { value: 'not_reached', zh: '未能联系', en: 'Not reached' },
      ],
    },
    yes(BASICS, 'food_secure', '不愁吃(收入稳定超过脱贫线)', 'Enough food (stable income above the line)'),
    yes(BASICS, 'clothing_secure', '不愁穿(四季有换洗衣服)', 'Enough clothing (for every season)'),
    yes(BASICS, 'education_secure', '义务教育有保障(家中无义务教育阶段辍学学生)', 'Compulsory education (no child out of school)'),
    yes(BASICS, 'medical_secure', '基本医疗有保障(家庭人员均参加基本医疗保险)', 'Basic medical care (everyone insured)'),
    yes(BASICS, 'housing_secure', '住房安全有保障(无危房)', 'Safe housing (no dilapidated house)'),
    yes(WHOLE, 'hukou_matches', '户口情况与识别登记一致', 'Household registration (hukou) matches the record'),
    yes(WHOLE, 'shared_budget', '共享收支、收支分配统一', 'Income and expenses are shared'),
    yes(WHOLE, 'living_together', '家庭成员共同生活居住', 'Members live together'),
    flag(SUSPECT, 'suspect_missed', '疑似漏评户', 'Suspected missed household'),
    flag(SUSPECT, 'suspect_wrong_registered', '疑似错评户', 'Suspected wrongly registered'),
    flag(SUSPECT, 'suspect_wrong_exit', '疑似错退户', 'Suspected wrongly exited'),
    flag(SUSPECT, 'suspect_not_whole', '疑似未整户识别户', 'Suspected not identified as a whole household'),
    yes(SUSPECT, 'evidence_ready', '疑似问题户佐证资料真实详细有力', 'Evidence for a suspected case is true, detailed and convincing', {
      zh: '无疑似问题时选“不适用”',
      en: 'Choose N/A when nothing is suspected',
    }),
    note(SUSPECT, 'suspect_note', '疑似问题说明', 'What is suspected, and why'),
  ],
};

// 农村人居环境整治“两个一遍” — seed 001 二(二).
const FIVE_CLEAN: Bilingual = { zh: '五净', en: 'Five clean' };
const ONE_HAS: Bilingual = { zh: '一有(简单必要的基本生活用品)', en: 'One has (basic household goods)' };
const ONE_TIDY: Bilingual = { zh: '一整齐', en: 'One tidy' };
const ENVIRONMENT_HOUSEHOLD: ChecklistTemplate = {
  kind: 'environment',
  version: CHECKLIST_VERSION,
  appliesTo: ['household'],
  items: [
    yes(FIVE_CLEAN, 'doors_windows_clean', '门窗净', 'Doors and windows clean'),
    yes(FIVE_CLEAN, 'bedroom_clean', '卧室净', 'Bedroom clean'),
    yes(FIVE_CLEAN, 'kitchen_clean', '厨房净', 'Kitchen clean'),
    yes(FIVE_CLEAN, 'personal_hygiene_clean', '个人卫生净', 'Personal hygiene'),
    yes(FIVE_CLEAN, 'around_house_clean', '宅前宅后净', 'Front and back of the house clean'),
    yes(ONE_HAS, 'has_bedding', '有床褥', 'Has bedding'),
    yes(ONE_HAS, 'has_wardrobe', '有衣柜', 'Has a wardrobe'),
    yes(ONE_HAS, 'has_cupboard', '有碗橱', 'Has a cupboard'),
    yes(ONE_HAS, 'has_table', '有餐桌', 'Has a table'),
    yes(ONE_HAS, 'has_chairs', '有椅子', 'Has chairs'),
    yes(ONE_HAS, 'has_tv', '有电视机', 'Has a TV'),
    yes(ONE_TIDY, 'yard_tidy', '家庭院内摆设整齐有序', 'Yard and house in order'),
  ],
};

const TEN_CLEAN: Bilingual = { zh: '十净(所有垃圾清一遍)', en: 'Ten clean (all rubbish cleared once)' };
const ENVIRONMENT_VILLAGE: ChecklistTemplate = {
  kind: 'environment',
  version: CHECKLIST_VERSION,
  appliesTo: ['village'],
  items: [
    yes(TEN_CLEAN, 'around_houses_clean', '房前屋后净', 'Around the houses'),
    yes(TEN_CLEAN, 'courtyards_clean', '庭院净', 'Courtyards'),
    yes(TEN_CLEAN, 'animal_sheds_clean', '禽舍净', 'Animal sheds'),
    yes(TEN_CLEAN, 'roads_clean', '道路净', 'Roads'),
    yes(TEN_CLEAN, 'ditches_clean', '沟渠净', 'Ditches and channels'),
    yes(TEN_CLEAN, 'green_belts_clean', '绿化地林带净', 'Green spaces and tree belts'),
    yes(TEN_CLEAN, 'public_spaces_clean', '公共环境净', 'Public spaces'),
    yes(TEN_CLEAN, 'watersides_clean', '水边净', 'Watersides'),
    yes(TEN_CLEAN, 'threshing_grounds_clean', '场院净', 'Threshing grounds'),
    yes(TEN_CLEAN, 'field_edges_clean', '地头净', 'Field edges'),
  ],
};

// 反馈问题盘点销号 — seed 001 二(四); seed 004 warns against 虚假整改、数字整改、纸上整改.
const VERIFY: Bilingual = { zh: '现场核实', en: 'On-site verification' };
const DECIDE: Bilingual = { zh: '核查结论', en: 'Verdict' };
const RECTIFICATION: ChecklistTemplate = {
  kind: 'rectification',
  version: CHECKLIST_VERSION,
  appliesTo: ['issue'],
  items: [
    yes(VERIFY, 'really_rectified', '经现场核实,问题确已整改到位', 'On site, the issue really is rectified'),
    yes(VERIFY, 'evidence_filed', '整改佐证资料齐全并存放档案(户袋)', 'Evidence of the rectification is complete and filed'),
    yes(VERIFY, 'not_paper_only', '不存在虚假整改、数字整改、纸上整改', 'No false, numbers-only or paper-only rectification'),
    yes(VERIFY, 'similar_checked', '举一反三,同类问题已全面排查', 'Similar problems were looked for and dealt with'),
    {
      id: 'verdict',
      type: 'choice',
      zh: '盘点销号结论',
      en: 'Check off or send back',
      section: DECIDE,
      options: [
        { value: 'close', zh: '销号', en: 'Check off' },
        { value: 'return', zh: '退回', en: 'Send back' },
      ],
    },
    note(DECIDE, 'return_reason', '退回原因', 'Why it is sent back'),
  ],
};

export const CHECKLIST_TEMPLATES: readonly ChecklistTemplate[] = [
  PAIRING_VISIT,
  SCREENING,
  ENVIRONMENT_HOUSEHOLD,
  ENVIRONMENT_VILLAGE,
  RECTIFICATION,
];

/** The template for a target, or undefined for a pair no list ever produces (data read from a doc). */
export function findChecklist(kind: CheckKind, refKind: TargetRefKind): ChecklistTemplate | undefined {
  return CHECKLIST_TEMPLATES.find((t) => t.kind === kind && t.appliesTo.includes(refKind));
}

export class UnknownChecklistError extends Error {
  override readonly name = 'UnknownChecklistError';
  constructor(
    readonly kind: CheckKind,
    readonly refKind: TargetRefKind,
  ) {
    super(`no checklist for ${kind} on a ${refKind}`);
  }
}

/** Like findChecklist, for callers that built the pair themselves: a miss is a programming error. */
export function checklistFor(kind: CheckKind, refKind: TargetRefKind): ChecklistTemplate {
  const t = findChecklist(kind, refKind);
  if (!t) throw new UnknownChecklistError(kind, refKind);
  return t;
}

export function isValidAnswer(item: ChecklistItem, value: unknown): boolean {
  switch (item.type) {
    case 'yesno':
      return typeof value === 'string' && (YES_NO_VALUES as readonly string[]).includes(value);
    case 'choice':
      return typeof value === 'string' && (item.options ?? []).some((o) => o.value === value);
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT_ANSWER;
  }
}

/** Required items without a valid answer (`answers` is the target's answers map, read as an object). */
export function missingItems(template: ChecklistTemplate, answers: Readonly<Record<string, unknown>>): ChecklistItem[] {
  return template.items.filter((i) => !i.optional && !isValidAnswer(i, answers[i.id]));
}

/** Yes/no items answered the way that points to a problem. */
export function flaggedItems(template: ChecklistTemplate, answers: Readonly<Record<string, unknown>>): ChecklistItem[] {
  return template.items.filter((i) => {
    const v = answers[i.id];
    return i.type === 'yesno' && i.ok !== undefined && (v === 'yes' || v === 'no') && v !== i.ok;
  });
}
