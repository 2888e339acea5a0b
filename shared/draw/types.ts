/**
 * The draw's contract: what goes in, what comes out, and its settings. Plain JSON-safe data,
 * so the server can store a draw's inputs in the audit log and anyone can replay them.
 */
import { DEFAULT_QUOTAS, type Quotas } from '../checkKinds';
import type { InspectionGroup, Registry } from '../registry';
import type { TargetInit } from '../sheet';

/**
 * Names the algorithm in every result. Change it whenever a change to this folder could change
 * a list, so a published draw is always replayed by the code that made it.
 */
export const DRAW_ALGORITHM = 'suicha-draw/1';

export const QUOTA_KEYS = ['pairing_visit', 'screening', 'environment_villages', 'environment_households', 'rectification'] as const satisfies readonly (keyof Quotas)[];
export type QuotaKey = (typeof QUOTA_KEYS)[number];

export interface DrawSettings {
  /** County-wide minimums (seed 001 三(一) by default). */
  quotas: Quotas;
  /** Per-group overrides; unknown group ids are refused. */
  groupQuotas?: Record<string, Partial<Quotas>>;
  /** At most this many targets of one kind in one village, so one village cannot take a quota. */
  perVillageCap: number;
  /** Households last checked fewer than this many days before the draw date are left out. */
  recentDays: number;
}

export const DEFAULT_DRAW_SETTINGS: DrawSettings = {
  quotas: DEFAULT_QUOTAS,
  perVillageCap: 2,
  // A pairing contact visits weekly (seed 001 二(一)); a household checked this week can wait.
  recentDays: 7,
};

/** A problem (from the problem ledger) reported rectified and waiting for its re-visit (待销号). */
export interface AwaitingRevisit {
  problemId: string;
  villageId: string;
  householdId?: string;
  label: string;
}

export interface DrawInput {
  registry: Registry;
  /** The calendar day drawn for, YYYY-MM-DD in the county's zone. */
  date: string;
  /** Defaults to `registry.groups`. */
  groups?: InspectionGroup[];
  /** Missing fields take `DEFAULT_DRAW_SETTINGS`. */
  settings?: Partial<DrawSettings>;
  /** 64 hex digits (32 bytes) from a CSPRNG, drawn at publish time. */
  seed: string;
  /** Household id → the last day (YYYY-MM-DD) it was checked. */
  recentlyChecked?: Record<string, string>;
  awaitingRevisit?: AwaitingRevisit[];
}

export interface DrawnTarget extends TargetInit {
  /** The full HMAC rank, 64 hex digits: lowest won within its pool. */
  rank: string;
}

/** A pool smaller than its quota: everything eligible was taken and the gap is said out loud. */
export interface Shortfall {
  kind: QuotaKey;
  quota: number;
  drawn: number;
  /** How many could be drawn: eligible candidates, counting at most `perVillageCap` per village (no cap for environment). */
  pool: number;
}

export interface GroupDraw {
  groupId: string;
  /** The quotas this group was drawn with (county quotas with its overrides applied). */
  quotas: Quotas;
  /** By check kind (CHECK_KINDS order); environment villages before its households; then by rank. */
  targets: DrawnTarget[];
  shortfalls: Shortfall[];
}

export interface DrawResult {
  algorithm: typeof DRAW_ALGORITHM;
  date: string;
  /** Lowercase hex. */
  seed: string;
  /** SHA-256 of the canonical JSON of the resolved settings. */
  settingsHash: string;
  /** By group id. */
  groups: GroupDraw[];
}

export type DrawInputError =
  | { code: 'bad_date'; path: 'date'; message: string }
  | { code: 'bad_seed'; path: 'seed'; message: string }
  | { code: 'bad_quota'; path: string; message: string }
  | { code: 'unknown_quota'; path: string; message: string }
  | { code: 'unknown_group'; path: string; groupId: string; message: string }
  | { code: 'unknown_township'; path: string; townshipId: string; message: string }
  | { code: 'unknown_village'; path: string; villageId: string; message: string }
  | { code: 'bad_setting'; path: string; message: string }
  | { code: 'bad_recently_checked'; path: string; message: string }
  | { code: 'duplicate_id'; path: string; id: string; message: string };

/** Thrown by `drawLists` when `validateDrawInput` finds problems; carries them all. */
export class DrawInputInvalid extends Error {
  override readonly name = 'DrawInputInvalid';
  constructor(readonly errors: DrawInputError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}
