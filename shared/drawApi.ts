/**
 * JSON shapes of `/api/draws/<date>` (issue 4), shared by the server, the client and the
 * `draw:verify` command. A published draw is one entry of an append-only audit log: everything
 * needed to replay it (`DrawInput`) plus what it produced and who published it, and why.
 */
import type { Quotas } from './checkKinds';
import type { AwaitingRevisit, DrawInput, DrawResult, DrawSettings } from './draw';

export interface DrawPublisher {
  id: string;
  name: string;
}

/** The scheduled publish (DRAW_CRON) signs its draws with this id. */
export const SCHEDULER_PUBLISHER: DrawPublisher = { id: 'system:draw-cron', name: '定时发布' };

/** One published draw, exactly as the audit log holds it. */
export interface PublishedDraw {
  /** 1, 2, … per date; a re-draw takes the next number. */
  seq: number;
  date: string;
  /** 64 hex digits from the server's CSPRNG, drawn at publish time. */
  seed: string;
  algorithm: string;
  /** SHA-256 of the canonical JSON of the registry snapshot the draw used. */
  registryHash: string;
  /** Resolved settings (defaults filled in): what `settingsHash` hashes. */
  settings: DrawSettings;
  settingsHash: string;
  /** Household id → the last day it was checked, as read from earlier sheets when drawn. */
  recentlyChecked: Record<string, string>;
  /** Problems awaiting their re-visit when drawn (from the problem ledger). */
  awaitingRevisit: AwaitingRevisit[];
  result: DrawResult;
  /** SHA-256 of the canonical JSON of `result`. */
  resultHash: string;
  publishedBy: DrawPublisher;
  publishedAt: string;
  /** Required for a re-draw; null for the day's first draw. */
  reason: string | null;
  /** The seq this draw replaced, or null. */
  supersedes: number | null;
}

/**
 * What `GET /api/draws/<date>` returns per draw. Admin and command see everything; a group's
 * leader and inspectors see their own group's lists, the seed and the hashes (`scope: 'group'`).
 */
export type DrawView = Omit<PublishedDraw, 'recentlyChecked' | 'awaitingRevisit'> &
  Partial<Pick<PublishedDraw, 'recentlyChecked' | 'awaitingRevisit'>> & {
    scope: 'full' | 'group';
    /** Set when a later draw of the same day replaced this one. */
    supersededBy: number | null;
  };

export interface DrawsResponse {
  date: string;
  /** Oldest first: the last one is in force. */
  draws: DrawView[];
}

/** `POST /api/draws/<date>/preview`: lists drawn with a fresh seed, stored nowhere. */
export interface DrawPreview {
  preview: true;
  date: string;
  seed: string;
  algorithm: string;
  registryHash: string;
  settings: DrawSettings;
  settingsHash: string;
  recentlyChecked: Record<string, string>;
  awaitingRevisit: AwaitingRevisit[];
  result: DrawResult;
  /** The seq a publish now would get, and whether it would need a reason (a re-draw). */
  nextSeq: number;
}

/** What a request may override; anything left out takes the county default. */
export interface DrawSettingsOverrides {
  quotas?: Partial<Quotas>;
  groupQuotas?: Record<string, Partial<Quotas>>;
  perVillageCap?: number;
  recentDays?: number;
}

export interface PublishRequest {
  settings?: DrawSettingsOverrides;
  /** Required when the day already has a draw. */
  reason?: string;
}

export type DifferenceCode =
  | 'algorithm'
  | 'snapshot_missing'
  | 'registry_hash'
  | 'settings_hash'
  | 'result_hash'
  | 'input_invalid'
  | 'result'
  | 'sequence'
  | 'sheet_missing'
  | 'sheet_target_missing'
  | 'sheet_not_filled';

export interface Difference {
  seq: number;
  code: DifferenceCode;
  /** The group the difference is about, when it is about one. */
  groupId?: string;
  message: string;
}

/** `GET /api/draws/<date>/verify` and the `draw:verify` command: recomputed, compared byte for byte. */
export interface VerifyReport {
  date: string;
  ok: boolean;
  /** One line per draw checked. */
  draws: { seq: number; ok: boolean; resultHash: string }[];
  differences: Difference[];
  checkedAt: string;
}

/** `GET /api/draws/<date>/input?seq=`: replay with `npm run -s draw -- --input <file>`. */
export type StoredDrawInput = Required<Pick<DrawInput, 'registry' | 'date' | 'seed' | 'recentlyChecked' | 'awaitingRevisit'>> & { settings: DrawSettings };
