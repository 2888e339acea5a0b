/**
 * Single edits of the registry by the county office, as pure functions: the new registry (only
 * the changed entities are new objects, so the store re-encodes one chunk), the value before and
 * after for the audit trail, and the problems — from the same rules the import applies.
 */
import { MAX_HOUSEHOLDS_PER_CONTACT, type EdgeKind, type Household, type HouseholdStatus, type InspectionGroup, type LngLat, type PairingContact, type Registry } from './registry';
import { checkContact, checkGroup, checkHousehold, groupOverlapViolations, ruleContext, type Problem } from './registryRules';

export interface HouseholdPatch {
  villageId?: string;
  head?: string;
  status?: HouseholdStatus;
  exitYear?: number | null;
  edgeKinds?: EdgeKind[];
  members?: number;
  povertyCause?: string | null;
  measures?: string[];
  pairingContactId?: string | null;
  location?: LngLat | null;
}

export interface ContactPatch {
  name?: string;
  workUnit?: string;
  phone?: string | null;
  /** The contact's households, all of them (≤ 3). */
  householdIds?: string[];
}

export interface GroupPatch {
  name?: string;
  townshipIds?: string[];
}

/** An entity an edit changed besides the one edited (a household moved between contacts), for the audit trail. */
export interface SideChange {
  entity: 'household';
  id: string;
  before: unknown;
  after: unknown;
}

export type Edit<T> = { ok: true; registry: Registry; before: T | null; after: T; side?: SideChange[] } | { ok: false; problems: Problem[] };

/** Applies a patch: `null` removes an optional field, `undefined` leaves it. */
function patched<T extends object>(base: T, patch: object): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out as T;
}

/** Contacts whose household lists may have changed get them re-derived, in household order. */
function rederive(households: readonly Household[], contacts: readonly PairingContact[], ids: ReadonlySet<string>): PairingContact[] {
  if (ids.size === 0) return contacts as PairingContact[];
  const lists = new Map<string, string[]>([...ids].map((id) => [id, []]));
  for (const h of households) if (h.pairingContactId && lists.has(h.pairingContactId)) lists.get(h.pairingContactId)!.push(h.id);
  return contacts.map((c) => (lists.has(c.id) ? { ...c, householdIds: lists.get(c.id)! } : c));
}

export function editHousehold(r: Registry, id: string, patch: HouseholdPatch, year?: number): Edit<Household> | null {
  const index = r.households.findIndex((h) => h.id === id);
  if (index < 0) return null;
  const before = r.households[index]!;
  const after = patched(before, patch);
  const problems = checkHousehold(after, ruleContext(r, year, false));
  const contact = after.pairingContactId;
  if (contact && contact !== before.pairingContactId) {
    const count = r.households.filter((h) => h.pairingContactId === contact && h.id !== id).length + 1;
    if (count > MAX_HOUSEHOLDS_PER_CONTACT) problems.push({ field: 'pairingContactId', code: 'contact_over_limit', params: { value: contact, count, max: MAX_HOUSEHOLDS_PER_CONTACT } });
  }
  if (problems.length > 0) return { ok: false, problems };
  const households = r.households.slice();
  households[index] = after;
  const touched = new Set([before.pairingContactId, after.pairingContactId].filter((c): c is string => !!c));
  return { ok: true, registry: { ...r, households, contacts: rederive(households, r.contacts, touched) }, before, after };
}

/** Edits a contact, or creates it (`create`). Listing households moves them to this contact. */
export function editContact(r: Registry, id: string, patch: ContactPatch, create = false): Edit<PairingContact> | null {
  const index = r.contacts.findIndex((c) => c.id === id);
  if (create === index >= 0) return create ? { ok: false, problems: [{ field: 'id', code: 'duplicate_id', params: { value: id } }] } : null;
  const before = create ? null : r.contacts[index]!;
  const after = patched<PairingContact>(before ?? { id, name: '', workUnit: '', householdIds: [] }, { ...patch, householdIds: undefined });
  const problems = checkContact(after);
  let households = r.households as Household[];
  const touched = new Set([id]);
  const side: SideChange[] = [];
  if (patch.householdIds) {
    const wanted = patch.householdIds;
    const known = new Map(r.households.map((h, i) => [h.id, i]));
    const unknown = wanted.find((h) => !known.has(h));
    if (unknown !== undefined) problems.push({ field: 'householdIds', code: 'unknown_ref', params: { value: unknown } });
    if (new Set(wanted).size !== wanted.length) problems.push({ field: 'householdIds', code: 'duplicate_value' });
    if (wanted.length > MAX_HOUSEHOLDS_PER_CONTACT) {
      problems.push({ field: 'householdIds', code: 'contact_over_limit', params: { value: id, count: wanted.length, max: MAX_HOUSEHOLDS_PER_CONTACT } });
    }
    if (problems.length === 0) {
      households = r.households.slice();
      const keep = new Set(wanted);
      households.forEach((h, i) => {
        if (h.pairingContactId !== id || keep.has(h.id)) return;
        households[i] = patched(h, { pairingContactId: null });
        side.push({ entity: 'household', id: h.id, before: h, after: households[i] });
      });
      for (const hid of wanted) {
        const i = known.get(hid)!;
        const h = households[i]!;
        if (h.pairingContactId === id) continue;
        if (h.pairingContactId) touched.add(h.pairingContactId);
        households[i] = { ...h, pairingContactId: id };
        side.push({ entity: 'household', id: h.id, before: h, after: households[i] });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const contacts = create ? [...r.contacts, after] : r.contacts.map((c, i) => (i === index ? after : c));
  const next = { ...r, households, contacts: rederive(households, contacts, touched) };
  return { ok: true, registry: next, before, after: next.contacts.find((c) => c.id === id)!, side };
}

export function editGroup(r: Registry, id: string, patch: GroupPatch, create = false): Edit<InspectionGroup> | null {
  const index = r.groups.findIndex((g) => g.id === id);
  if (create === index >= 0) return create ? { ok: false, problems: [{ field: 'id', code: 'duplicate_id', params: { value: id } }] } : null;
  const before = create ? null : r.groups[index]!;
  const after = patched<InspectionGroup>(before ?? { id, name: '', townshipIds: [] }, patch);
  const groups = create ? [...r.groups, after] : r.groups.map((g, i) => (i === index ? after : g));
  const problems = checkGroup(after, ruleContext(r, undefined, false));
  for (const v of groupOverlapViolations(groups)) {
    if (v.id === id || groups[v.index]?.id === id || v.params?.other === id) problems.push({ field: v.field, code: v.code, params: v.params ?? {} });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, registry: { ...r, groups }, before, after };
}
