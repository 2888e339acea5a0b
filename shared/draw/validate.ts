/**
 * Checks a draw's input before anything is drawn, and names every problem it finds (the server
 * turns them into a 400, the CLI into exit code 2). Inputs may come straight from JSON, so
 * values are checked as `unknown`, not trusted to match their types.
 */
import type { Quotas } from '../checkKinds';
import { isDay } from '../dates';
import type { InspectionGroup } from '../registry';
import { SEED_RE } from './rank';
import { DEFAULT_DRAW_SETTINGS, QUOTA_KEYS, type DrawInput, type DrawInputError, type DrawSettings } from './types';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Missing settings take the defaults; the result is what gets hashed and drawn with. */
export function resolveSettings(settings: Partial<DrawSettings> = {}): DrawSettings {
  const out: DrawSettings = {
    quotas: { ...DEFAULT_DRAW_SETTINGS.quotas, ...settings.quotas },
    perVillageCap: settings.perVillageCap ?? DEFAULT_DRAW_SETTINGS.perVillageCap,
    recentDays: settings.recentDays ?? DEFAULT_DRAW_SETTINGS.recentDays,
  };
  // Empty overrides are dropped, so "no overrides" has one form (and one settings hash).
  const overrides = Object.entries(settings.groupQuotas ?? {}).filter(([, q]) => Object.keys(q).length > 0);
  if (overrides.length > 0) out.groupQuotas = Object.fromEntries(overrides);
  return out;
}

export function groupQuotas(settings: DrawSettings, groupId: string): Quotas {
  return { ...settings.quotas, ...settings.groupQuotas?.[groupId] };
}

function checkQuotas(q: unknown, path: string, partial: boolean, errors: DrawInputError[]): void {
  if (!isRecord(q)) {
    errors.push({ code: 'bad_quota', path, message: `${path}: must be an object of quotas` });
    return;
  }
  for (const [key, value] of Object.entries(q)) {
    if (!(QUOTA_KEYS as readonly string[]).includes(key)) {
      errors.push({ code: 'unknown_quota', path: `${path}.${key}`, message: `${path}.${key}: unknown quota (known: ${QUOTA_KEYS.join(', ')})` });
    } else if (!isCount(value)) {
      errors.push({ code: 'bad_quota', path: `${path}.${key}`, message: `${path}.${key}: quota must be a non-negative integer, got ${show(value)}` });
    }
  }
  if (!partial) {
    for (const key of QUOTA_KEYS) {
      if (!(key in q)) errors.push({ code: 'bad_quota', path: `${path}.${key}`, message: `${path}.${key}: missing` });
    }
  }
}

function checkSettings(settings: unknown, groups: InspectionGroup[], errors: DrawInputError[]): void {
  if (settings === undefined) return;
  if (!isRecord(settings)) {
    errors.push({ code: 'bad_setting', path: 'settings', message: 'settings: must be an object' });
    return;
  }
  // Partial county quotas are fine: missing ones take the defaults.
  if (settings.quotas !== undefined) checkQuotas(settings.quotas, 'settings.quotas', true, errors);
  if (settings.perVillageCap !== undefined && !(isCount(settings.perVillageCap) && settings.perVillageCap >= 1)) {
    errors.push({ code: 'bad_setting', path: 'settings.perVillageCap', message: `settings.perVillageCap: must be an integer ≥ 1, got ${show(settings.perVillageCap)}` });
  }
  if (settings.recentDays !== undefined && !isCount(settings.recentDays)) {
    errors.push({ code: 'bad_setting', path: 'settings.recentDays', message: `settings.recentDays: must be a non-negative integer, got ${show(settings.recentDays)}` });
  }
  const unknown = Object.keys(settings).filter((k) => !['quotas', 'perVillageCap', 'recentDays', 'groupQuotas'].includes(k));
  for (const k of unknown) errors.push({ code: 'bad_setting', path: `settings.${k}`, message: `settings.${k}: unknown setting` });
  if (settings.groupQuotas === undefined) return;
  if (!isRecord(settings.groupQuotas)) {
    errors.push({ code: 'bad_setting', path: 'settings.groupQuotas', message: 'settings.groupQuotas: must be an object keyed by group id' });
    return;
  }
  const groupIds = new Set(groups.map((g) => g.id));
  for (const [groupId, q] of Object.entries(settings.groupQuotas)) {
    const path = `settings.groupQuotas.${groupId}`;
    if (!groupIds.has(groupId)) errors.push({ code: 'unknown_group', path, groupId, message: `${path}: unknown group ${JSON.stringify(groupId)}` });
    checkQuotas(q, path, true, errors);
  }
}

function checkUnique(ids: readonly { id: string }[], path: string, errors: DrawInputError[]): void {
  const seen = new Set<string>();
  for (const { id } of ids) {
    // A duplicate id would make the list depend on which record is read first.
    if (seen.has(id)) errors.push({ code: 'duplicate_id', path, id, message: `${path}: duplicate id ${JSON.stringify(id)}` });
    seen.add(id);
  }
}

export function validateDrawInput(input: DrawInput): DrawInputError[] {
  const errors: DrawInputError[] = [];
  if (typeof input.date !== 'string' || !isDay(input.date)) {
    errors.push({ code: 'bad_date', path: 'date', message: `date: must be a calendar day YYYY-MM-DD, got ${show(input.date)}` });
  }
  if (typeof input.seed !== 'string' || !SEED_RE.test(input.seed)) {
    const got = typeof input.seed === 'string' ? `${input.seed.length} characters` : show(input.seed);
    errors.push({ code: 'bad_seed', path: 'seed', message: `seed: must be exactly 64 hex digits (32 bytes), got ${got}` });
  }
  const { registry } = input;
  const groups = input.groups ?? registry.groups;
  checkSettings(input.settings, groups, errors);

  checkUnique(registry.townships, 'registry.townships', errors);
  checkUnique(registry.villages, 'registry.villages', errors);
  checkUnique(registry.households, 'registry.households', errors);
  checkUnique(registry.issues, 'registry.issues', errors);
  checkUnique(groups, 'groups', errors);
  const townshipIds = new Set(registry.townships.map((t) => t.id));
  groups.forEach((g, i) => {
    for (const t of g.townshipIds) {
      if (!townshipIds.has(t)) errors.push({ code: 'unknown_township', path: `groups[${i}].townshipIds`, townshipId: t, message: `group ${g.id}: unknown township ${JSON.stringify(t)}` });
    }
  });

  for (const [id, day] of Object.entries(input.recentlyChecked ?? {})) {
    if (typeof day !== 'string' || !isDay(day)) {
      errors.push({ code: 'bad_recently_checked', path: `recentlyChecked.${id}`, message: `recentlyChecked.${id}: must be a day YYYY-MM-DD, got ${show(day)}` });
    }
  }
  const villageIds = new Set(registry.villages.map((v) => v.id));
  // Issues and problems share the rectification list; one id must not name both.
  const problemIds = new Set(registry.issues.map((i) => i.id));
  (input.awaitingRevisit ?? []).forEach((p, i) => {
    const path = `awaitingRevisit[${i}]`;
    if (!villageIds.has(p.villageId)) errors.push({ code: 'unknown_village', path, villageId: p.villageId, message: `${path}: problem ${p.problemId} names unknown village ${JSON.stringify(p.villageId)}` });
    if (problemIds.has(p.problemId)) errors.push({ code: 'duplicate_id', path, id: p.problemId, message: `${path}: problem id ${JSON.stringify(p.problemId)} repeats another problem or an issue id` });
    problemIds.add(p.problemId);
  });
  return errors;
}
