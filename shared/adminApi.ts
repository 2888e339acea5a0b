/** JSON shapes of the admin API (/api/admin), shared by server and client. */
import type { Household, PairingContact, Township } from './registry';
import type { ReportCounts } from './registryReports';
import type { ReportItem } from './registryTable/parse';
import type { ReportSummary } from './registryTable/plan';
import type { TableKey } from './registryTable/sheets';
import type { PublicUser } from './roles';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const PART_NAMES = ['county', 'townships', 'villages', 'households', 'contacts', 'issues', 'units', 'groups'] as const;
export type PartCounts = Record<(typeof PART_NAMES)[number], number>;

export interface VersionView {
  version: number;
  parent: number | null;
  hash: string;
  savedAt: string;
  source: 'seed' | 'import' | 'edit' | 'restore' | 'migrate' | 'save';
  by?: string;
  byName?: string;
  note?: string;
  counts: PartCounts;
}

export interface RegistrySummary {
  county: { id: string; name: string; bbox: [number, number, number, number] } | null;
  current: VersionView | null;
  reports: ReportCounts;
}

export interface PlaceTree {
  townships: (Pick<Township, 'id' | 'name' | 'kind'> & { households: number; villages: { id: string; name: string; households: number }[] })[];
}

export interface HouseholdRow extends Household {
  villageName: string;
  townshipId: string;
  townshipName: string;
  contactName?: string;
}

export interface ContactRow extends PairingContact {
  /** Where its households are, for finding a contact by place. */
  places: string[];
}

export interface HouseholdDetail {
  household: HouseholdRow;
  contact: PairingContact | null;
  history: AuditEntry[];
}

export interface ContactDetail {
  contact: ContactRow;
  households: HouseholdRow[];
  history: AuditEntry[];
}

export interface FileInfo {
  name: string;
  encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16' | 'gb18030';
  sheets: string[];
}

/** Accounts the import created for new group members; the initial password is shown once. */
export interface CreatedAccount {
  username: string;
  name: string;
  groupId: string;
  password: string;
}

export type ImportResponse =
  | { ok: false; files: FileInfo[]; report: ReportItem[]; errorCount: number; summary: ReportSummary[] }
  | {
      ok: true;
      dryRun: boolean;
      files: FileInfo[];
      tables: TableKey[];
      counts: PartCounts;
      warnings: ReportCounts;
      version: VersionView | null;
      previous: VersionView | null;
      accounts: CreatedAccount[];
      membersUpdated: number;
      ms: number;
    };

export interface AdminUser extends PublicUser {
  active: boolean;
  createdAt: string;
}

export interface GroupView {
  id: string;
  name: string;
  townshipIds: string[];
  members: AdminUser[];
}

export type AuditEntity = 'household' | 'contact' | 'group' | 'registry' | 'user';

export interface AuditEntry {
  id: string;
  at: string;
  by: string;
  byName: string;
  action: string;
  entity: AuditEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
  note?: string;
}
