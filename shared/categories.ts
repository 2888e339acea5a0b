import { codesOf, type Label } from './labels';

/** The eight problem categories of seed 000 三. Stored by code; labels are for display. */
export const FINDING_CATEGORY_LABELS = {
  ideology: { zh: '思想认识', en: 'Understanding' },
  policy: { zh: '政策落实', en: 'Policy delivery' },
  responsibility: { zh: '责任落实', en: 'Responsibility' },
  identification: { zh: '精准识别', en: 'Precise identification' },
  assistance: { zh: '精准帮扶', en: 'Precise assistance' },
  exit: { zh: '精准脱贫', en: 'Precise exit' },
  funds: { zh: '资金使用', en: 'Use of funds' },
  supervision: { zh: '督查指导', en: 'Supervision' },
} satisfies Record<string, Label>;
export type FindingCategory = keyof typeof FINDING_CATEGORY_LABELS;
export const FINDING_CATEGORIES = codesOf(FINDING_CATEGORY_LABELS);

export const SEVERITY_LABELS = {
  low: { zh: '一般', en: 'Minor' },
  medium: { zh: '较重', en: 'Serious' },
  high: { zh: '严重', en: 'Severe' },
} satisfies Record<string, Label>;
export type Severity = keyof typeof SEVERITY_LABELS;
export const SEVERITIES = codesOf(SEVERITY_LABELS);
