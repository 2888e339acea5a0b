/** The four mandatory daily checks (四必查), seed 001 三、保障措施(一). */
export const CHECK_KINDS = ['pairing_visit', 'screening', 'environment', 'rectification'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const CHECK_KIND_LABELS: Record<CheckKind, { zh: string; short: string; en: string }> = {
  pairing_visit: { zh: '结对帮扶联系人帮扶走访情况必查', short: '帮扶走访', en: 'Pairing-contact visits' },
  screening: { zh: '入户专班排查漏评等情况必查', short: '专班排查', en: 'Screening-team coverage' },
  environment: { zh: '农村人居环境整治“两个一遍”开展情况必查', short: '人居环境', en: 'Living environment' },
  rectification: { zh: '反馈问题盘点销号整改落实情况必查', short: '反馈问题', en: 'Feedback-issue rectification' },
};

/**
 * Target kinds a sheet row can point at. `environment` draws villages and the poor households in
 * them, so it has two quotas.
 */
export type TargetRefKind = 'household' | 'village' | 'issue';

export interface Quotas {
  pairing_visit: number;
  screening: number;
  environment_villages: number;
  environment_households: number;
  rectification: number;
}

/** Seed 001's minimums; counties and groups may raise them (they are settings, not constants). */
export const DEFAULT_QUOTAS: Quotas = {
  pairing_visit: 10,
  screening: 5,
  environment_villages: 2,
  environment_households: 10,
  rectification: 5,
};
