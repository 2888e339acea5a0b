/**
 * The registry's rules, as pure checks on typed data. One set of rules serves the import (a
 * whole registry, reported row by row) and the admin's single edits (one household, one
 * contact, one group): both say the same thing in the same words (`registryMessages.ts`).
 * DOMAIN.md "Geography and registry"; seed 002: a pairing contact pairs ≤ 3 households.
 */
import {
  EDGE_KINDS,
  HOUSEHOLD_STATUSES,
  MAX_HOUSEHOLDS_PER_CONTACT,
  type County,
  type FeedbackIssue,
  type Household,
  type InspectionGroup,
  type LngLat,
  type PairingContact,
  type Registry,
  type ResponsibleUnit,
  type Township,
  type Village,
} from './registry';

/** Ids travel in URLs, doc names (`sheet:<groupId>:<day>`) and list cells (split on 、): keep them plain. */
export const ID_RE = /^[A-Za-z0-9_.-]{1,64}$/;
export const GROUP_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const NAME_MAX = 60;
export const TEXT_MAX = 2000;
export const MEMBERS_MAX = 30;
/** 建档立卡 began in 2014; a household cannot leave poverty before it was registered. */
export const FIRST_EXIT_YEAR = 2014;

export type EntityKind = 'county' | 'township' | 'village' | 'household' | 'contact' | 'unit' | 'group' | 'issue' | 'member';

export type RuleCode =
  | 'required'
  | 'bad_id'
  | 'duplicate_id'
  | 'unknown_ref'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'too_long'
  | 'unknown_value'
  | 'coordinates_pair'
  | 'outside_county'
  | 'contact_over_limit'
  | 'exit_year_required'
  | 'exit_year_not_exited'
  | 'edge_kinds_required'
  | 'edge_kinds_not_edge'
  | 'household_not_in_village'
  | 'township_in_two_groups'
  | 'county_rows'
  | 'bad_bbox'
  | 'duplicate_value'
  | 'account_role'
  // Whole-file problems, reported before any row is read.
  | 'missing_column'
  | 'unknown_table'
  | 'missing_table'
  | 'duplicate_table'
  | 'bad_file'
  | 'bad_encoding'
  | 'too_many_rows';

export type Params = Record<string, string | number>;

/** One broken rule on one field of one entity. */
export interface Problem {
  field: string;
  code: RuleCode;
  params?: Params;
}

/** A problem located in a registry: which entity (by kind and position) it concerns. */
export interface Violation extends Problem {
  entity: EntityKind;
  index: number;
  id: string;
}

/** What a single entity's check needs to know about the rest of the registry. */
export interface RuleContext {
  bbox: County['bbox'];
  townshipIds: ReadonlySet<string>;
  villageIds: ReadonlySet<string>;
  contactIds: ReadonlySet<string>;
  unitIds: ReadonlySet<string>;
  /** household id → its village id */
  householdVillage: ReadonlyMap<string, string>;
  /** The current year: exit years after it are typos. */
  year: number;
}

/** `withHouseholds: false` skips the household → village map (only issues need it; 200,000 entries). */
export function ruleContext(r: Registry, year = new Date().getFullYear(), withHouseholds = true): RuleContext {
  return {
    bbox: r.county.bbox,
    townshipIds: new Set(r.townships.map((t) => t.id)),
    villageIds: new Set(r.villages.map((v) => v.id)),
    contactIds: new Set(r.contacts.map((c) => c.id)),
    unitIds: new Set(r.units.map((u) => u.id)),
    householdVillage: withHouseholds ? new Map(r.households.map((h) => [h.id, h.villageId])) : new Map(),
    year,
  };
}

const isBlank = (s: string | undefined | null) => s === undefined || s === null || s.trim() === '';

function text(out: Problem[], field: string, value: string | undefined, required: boolean, max = NAME_MAX): void {
  if (isBlank(value)) {
    if (required) out.push({ field, code: 'required' });
    return;
  }
  if (value!.length > max) out.push({ field, code: 'too_long', params: { max } });
}

function id(out: Problem[], value: string, re = ID_RE): void {
  if (isBlank(value)) out.push({ field: 'id', code: 'required' });
  else if (!re.test(value)) out.push({ field: 'id', code: 'bad_id', params: { value } });
}

function ref(out: Problem[], field: string, value: string | undefined, known: ReadonlySet<string>, required: boolean): void {
  if (isBlank(value)) {
    if (required) out.push({ field, code: 'required' });
  } else if (!known.has(value!)) out.push({ field, code: 'unknown_ref', params: { value: value! } });
}

export function inBbox(p: LngLat, bbox: County['bbox']): boolean {
  const [w, s, e, n] = bbox;
  return p.lng >= w && p.lng <= e && p.lat >= s && p.lat <= n;
}

/** A point must lie inside the county's box; a swapped pair is pointed out as such. */
export function checkLocation(out: Problem[], field: string, p: LngLat | undefined, bbox: County['bbox'], required: boolean): void {
  if (!p) {
    if (required) out.push({ field, code: 'required' });
    return;
  }
  if (!Number.isFinite(p.lng) || !Number.isFinite(p.lat)) {
    out.push({ field, code: 'not_a_number' });
    return;
  }
  if (inBbox(p, bbox)) return;
  const swapped = inBbox({ lng: p.lat, lat: p.lng }, bbox) ? 1 : 0;
  const [w, s, e, n] = bbox;
  out.push({ field, code: 'outside_county', params: { lng: p.lng, lat: p.lat, w, s, e, n, swapped } });
}

export function checkCounty(c: County): Problem[] {
  const out: Problem[] = [];
  id(out, c.id);
  text(out, 'name', c.name, true);
  const [w, s, e, n] = c.bbox;
  const ok = c.bbox.every(Number.isFinite) && w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n;
  if (!ok) out.push({ field: 'bbox', code: 'bad_bbox' });
  text(out, 'timeZone', c.timeZone, true);
  return out;
}

export function checkTownship(t: Township): Problem[] {
  const out: Problem[] = [];
  id(out, t.id);
  text(out, 'name', t.name, true);
  return out;
}

export function checkVillage(v: Village, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  id(out, v.id);
  ref(out, 'townshipId', v.townshipId, ctx.townshipIds, true);
  text(out, 'name', v.name, true);
  checkLocation(out, 'location', v.location, ctx.bbox, true);
  return out;
}

export function checkHousehold(h: Household, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  id(out, h.id);
  ref(out, 'villageId', h.villageId, ctx.villageIds, true);
  text(out, 'head', h.head, true);
  if (!(HOUSEHOLD_STATUSES as readonly string[]).includes(h.status)) out.push({ field: 'status', code: 'unknown_value', params: { value: String(h.status) } });
  if (h.status === 'exited' && h.exitYear === undefined) out.push({ field: 'exitYear', code: 'exit_year_required' });
  if (h.exitYear !== undefined) {
    if (h.status !== 'exited') out.push({ field: 'exitYear', code: 'exit_year_not_exited' });
    else if (!Number.isInteger(h.exitYear) || h.exitYear < FIRST_EXIT_YEAR || h.exitYear > ctx.year) {
      out.push({ field: 'exitYear', code: 'out_of_range', params: { min: FIRST_EXIT_YEAR, max: ctx.year } });
    }
  }
  const badKind = h.edgeKinds.find((k) => !(EDGE_KINDS as readonly string[]).includes(k));
  if (badKind !== undefined) out.push({ field: 'edgeKinds', code: 'unknown_value', params: { value: badKind } });
  else if (h.status === 'edge' && h.edgeKinds.length === 0) out.push({ field: 'edgeKinds', code: 'edge_kinds_required' });
  else if (h.status !== 'edge' && h.edgeKinds.length > 0) out.push({ field: 'edgeKinds', code: 'edge_kinds_not_edge' });
  else if (new Set(h.edgeKinds).size !== h.edgeKinds.length) out.push({ field: 'edgeKinds', code: 'duplicate_value' });
  if (!Number.isInteger(h.members) || h.members < 1 || h.members > MEMBERS_MAX) {
    out.push({ field: 'members', code: 'out_of_range', params: { min: 1, max: MEMBERS_MAX } });
  }
  text(out, 'povertyCause', h.povertyCause, false);
  if (h.measures.some((m) => isBlank(m) || m.length > NAME_MAX)) out.push({ field: 'measures', code: 'too_long', params: { max: NAME_MAX } });
  ref(out, 'pairingContactId', h.pairingContactId, ctx.contactIds, false);
  checkLocation(out, 'location', h.location, ctx.bbox, false);
  return out;
}

export function checkContact(c: PairingContact): Problem[] {
  const out: Problem[] = [];
  id(out, c.id);
  text(out, 'name', c.name, true);
  text(out, 'workUnit', c.workUnit, true);
  if (!isBlank(c.phone) && !/^[0-9+\-() ]{5,20}$/.test(c.phone!)) out.push({ field: 'phone', code: 'unknown_value', params: { value: c.phone! } });
  return out;
}

export function checkUnit(u: ResponsibleUnit): Problem[] {
  const out: Problem[] = [];
  id(out, u.id);
  text(out, 'name', u.name, true);
  return out;
}

export function checkGroup(g: InspectionGroup, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  id(out, g.id, GROUP_ID_RE);
  text(out, 'name', g.name, true);
  if (g.townshipIds.length === 0) out.push({ field: 'townshipIds', code: 'required' });
  const unknown = g.townshipIds.find((t) => !ctx.townshipIds.has(t));
  if (unknown !== undefined) out.push({ field: 'townshipIds', code: 'unknown_ref', params: { value: unknown } });
  else if (new Set(g.townshipIds).size !== g.townshipIds.length) out.push({ field: 'townshipIds', code: 'duplicate_value' });
  return out;
}

export function checkIssue(i: FeedbackIssue, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  id(out, i.id);
  ref(out, 'villageId', i.villageId, ctx.villageIds, true);
  if (!isBlank(i.householdId)) {
    const at = ctx.householdVillage.get(i.householdId!);
    if (at === undefined) out.push({ field: 'householdId', code: 'unknown_ref', params: { value: i.householdId! } });
    else if (ctx.villageIds.has(i.villageId) && at !== i.villageId) {
      out.push({ field: 'householdId', code: 'household_not_in_village', params: { value: i.householdId!, village: i.villageId } });
    }
  }
  text(out, 'source', i.source, true, NAME_MAX * 2);
  text(out, 'description', i.description, true, TEXT_MAX);
  ref(out, 'responsibleUnitId', i.responsibleUnitId, ctx.unitIds, true);
  if (!['open', 'rectified', 'closed'].includes(i.state)) out.push({ field: 'state', code: 'unknown_value', params: { value: String(i.state) } });
  return out;
}

/**
 * Contact → its households in registry order (households carry the link; a contact's list is
 * derived). Every household past the third of one contact is a violation (seed 002).
 */
export function contactLimitViolations(households: readonly Household[]): Violation[] {
  const seen = new Map<string, number>();
  const total = new Map<string, number>();
  for (const h of households) if (h.pairingContactId) total.set(h.pairingContactId, (total.get(h.pairingContactId) ?? 0) + 1);
  const out: Violation[] = [];
  households.forEach((h, index) => {
    const c = h.pairingContactId;
    if (!c) return;
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    if (n > MAX_HOUSEHOLDS_PER_CONTACT) {
      out.push({ entity: 'household', index, id: h.id, field: 'pairingContactId', code: 'contact_over_limit', params: { value: c, count: total.get(c)!, max: MAX_HOUSEHOLDS_PER_CONTACT } });
    }
  });
  return out;
}

/** Each township is stationed by one group: two groups drawing from one township would overlap. */
export function groupOverlapViolations(groups: readonly InspectionGroup[]): Violation[] {
  const owner = new Map<string, string>();
  const out: Violation[] = [];
  groups.forEach((g, index) => {
    for (const t of g.townshipIds) {
      const first = owner.get(t);
      if (first !== undefined && first !== g.id) out.push({ entity: 'group', index, id: g.id, field: 'townshipIds', code: 'township_in_two_groups', params: { value: t, other: first } });
      else owner.set(t, g.id);
    }
  });
  return out;
}

function duplicates(entity: EntityKind, items: readonly { id: string }[]): Violation[] {
  const first = new Map<string, number>();
  const out: Violation[] = [];
  items.forEach((x, index) => {
    const at = first.get(x.id);
    if (at === undefined) first.set(x.id, index);
    else out.push({ entity, index, id: x.id, field: 'id', code: 'duplicate_id', params: { value: x.id, first: at } });
  });
  return out;
}

/** Positions (per entity kind) whose rows could not even be read: their field checks are skipped. */
export type Skip = Partial<Record<EntityKind, ReadonlySet<number>>>;

/** Every rule over a whole registry, in a stable order (entity kind, then position). */
export function validateRegistry(r: Registry, skip: Skip = {}, year?: number): Violation[] {
  const ctx = ruleContext(r, year);
  const out: Violation[] = [];
  const each = <T extends { id: string }>(entity: EntityKind, items: readonly T[], check: (x: T) => Problem[]) => {
    const skipped = skip[entity];
    items.forEach((x, index) => {
      if (skipped?.has(index)) return;
      for (const p of check(x)) out.push({ entity, index, id: x.id, ...p });
    });
    out.push(...duplicates(entity, items));
  };
  for (const p of checkCounty(r.county)) out.push({ entity: 'county', index: 0, id: r.county.id, ...p });
  each('township', r.townships, checkTownship);
  each('village', r.villages, (v) => checkVillage(v, ctx));
  each('household', r.households, (h) => checkHousehold(h, ctx));
  out.push(...contactLimitViolations(r.households));
  each('contact', r.contacts, checkContact);
  each('unit', r.units, checkUnit);
  each('group', r.groups, (g) => checkGroup(g, ctx));
  out.push(...groupOverlapViolations(r.groups));
  each('issue', r.issues, (i) => checkIssue(i, ctx));
  return out;
}
