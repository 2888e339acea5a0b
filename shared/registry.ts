/**
 * The registry: county → township → village → household, with pairing contacts, feedback
 * issues and inspection groups (DOMAIN.md "Geography and registry"). Plain data, JSON-safe.
 */
import { codesOf, type Label } from './labels';

export interface LngLat {
  lng: number;
  lat: number;
}

export interface County {
  id: string;
  name: string;
  /** Bounding box [west, south, east, north]; coordinates outside it are rejected. */
  bbox: [number, number, number, number];
  timeZone: string;
}

export interface Township {
  id: string;
  name: string;
  /** 乡镇 or 开发区 */
  kind: 'township' | 'development_zone';
}

export interface Village {
  id: string;
  townshipId: string;
  name: string;
  /** 贫困村 (registered poor village) */
  poorVillage: boolean;
  location: LngLat;
}

/** 建档立卡贫困户 未脱贫 / 已脱贫, 边缘户, 一般农户 */
export const HOUSEHOLD_STATUS_LABELS = {
  registered_poor: { zh: '建档立卡贫困户(未脱贫)', en: 'Registered poor' },
  exited: { zh: '建档立卡脱贫户(已脱贫)', en: 'Registered, exited' },
  edge: { zh: '边缘户', en: 'Edge household' },
  ordinary: { zh: '一般农户', en: 'Ordinary' },
} satisfies Record<string, Label>;
export type HouseholdStatus = keyof typeof HOUSEHOLD_STATUS_LABELS;
export const HOUSEHOLD_STATUSES = codesOf(HOUSEHOLD_STATUS_LABELS);

/** Edge-household kinds, seed 001 三(三). */
export const EDGE_KIND_LABELS = {
  dibao: { zh: '低保户', en: 'Minimum subsistence' },
  unsafe_house: { zh: '危房户', en: 'Unsafe house' },
  serious_illness: { zh: '重病户', en: 'Serious illness' },
  disability: { zh: '残疾人户', en: 'Disability' },
  elderly_alone: { zh: '独居老人户', en: 'Elderly living alone' },
  no_labour: { zh: '无劳力户', en: 'No labour' },
} satisfies Record<string, Label>;
export type EdgeKind = keyof typeof EDGE_KIND_LABELS;
export const EDGE_KINDS = codesOf(EDGE_KIND_LABELS);

export interface Household {
  id: string;
  villageId: string;
  /** 户主 head of household */
  head: string;
  status: HouseholdStatus;
  /** Year the household left poverty, for status `exited`. */
  exitYear?: number;
  edgeKinds: EdgeKind[];
  members: number;
  /** 致贫原因 */
  povertyCause?: string;
  /** 帮扶措施 */
  measures: string[];
  pairingContactId?: string;
  /** Missing when the registry has no coordinates for it (a rule report lists those). */
  location?: LngLat;
}

/** 结对帮扶责任人: pairs with no more than 3 households (seed 002). */
export interface PairingContact {
  id: string;
  name: string;
  /** 帮扶单位 */
  workUnit: string;
  phone?: string;
  householdIds: string[];
}

export const MAX_HOUSEHOLDS_PER_CONTACT = 3;

/** 反馈问题: an issue fed back by an assessment; `rectified` means the unit marked it done (盘点销号). */
export interface FeedbackIssue {
  id: string;
  /** Where it was found: a village, and a household when it concerns one. */
  villageId: string;
  householdId?: string;
  source: string;
  description: string;
  responsibleUnitId: string;
  state: 'open' | 'rectified' | 'closed';
}

export interface ResponsibleUnit {
  id: string;
  name: string;
}

/** 督查组: one county leader's group, stationed in one or more townships. */
export interface InspectionGroup {
  id: string;
  name: string;
  townshipIds: string[];
}

export interface Registry {
  county: County;
  townships: Township[];
  villages: Village[];
  households: Household[];
  contacts: PairingContact[];
  issues: FeedbackIssue[];
  units: ResponsibleUnit[];
  groups: InspectionGroup[];
}
