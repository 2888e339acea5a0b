/**
 * Browsing the registry for the admin pages: lookups built once per registry version (a
 * WeakMap on the registry object), so a page of 50 rows out of 200,000 households is a filter
 * over an index, not a scan of joins. Pure functions of the registry.
 */
import type { ContactRow, HouseholdRow, Page, PlaceTree } from '../../shared/adminApi';
import type { Household, HouseholdStatus, PairingContact, Registry, Township, Village } from '../../shared/registry';
import { contactsOverLimit, householdsWithoutContact, householdsWithoutLocation, type ReportKind } from '../../shared/registryReports';

interface Index {
  townships: Map<string, Township>;
  villages: Map<string, Village>;
  contacts: Map<string, PairingContact>;
  households: Map<string, Household>;
  villagesOf: Map<string, Village[]>;
  householdsOf: Map<string, Household[]>;
}

const indexes = new WeakMap<Registry, Index>();

export function indexOf(r: Registry): Index {
  let ix = indexes.get(r);
  if (ix) return ix;
  const villagesOf = new Map<string, Village[]>();
  for (const v of r.villages) (villagesOf.get(v.townshipId) ?? villagesOf.set(v.townshipId, []).get(v.townshipId)!).push(v);
  const householdsOf = new Map<string, Household[]>();
  for (const h of r.households) (householdsOf.get(h.villageId) ?? householdsOf.set(h.villageId, []).get(h.villageId)!).push(h);
  ix = {
    townships: new Map(r.townships.map((t) => [t.id, t])),
    villages: new Map(r.villages.map((v) => [v.id, v])),
    contacts: new Map(r.contacts.map((c) => [c.id, c])),
    households: new Map(r.households.map((h) => [h.id, h])),
    villagesOf,
    householdsOf,
  };
  indexes.set(r, ix);
  return ix;
}

export function page<T>(items: readonly T[], pageNo: number, pageSize: number): Page<T> {
  const start = (pageNo - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), total: items.length, page: pageNo, pageSize };
}

export function placeTree(r: Registry): PlaceTree {
  const ix = indexOf(r);
  return {
    townships: r.townships.map((t) => {
      const villages = (ix.villagesOf.get(t.id) ?? []).map((v) => ({ id: v.id, name: v.name, households: ix.householdsOf.get(v.id)?.length ?? 0 }));
      return { id: t.id, name: t.name, kind: t.kind, households: villages.reduce((n, v) => n + v.households, 0), villages };
    }),
  };
}

export function householdRow(r: Registry, h: Household): HouseholdRow {
  const ix = indexOf(r);
  const v = ix.villages.get(h.villageId);
  const t = v ? ix.townships.get(v.townshipId) : undefined;
  const c = h.pairingContactId ? ix.contacts.get(h.pairingContactId) : undefined;
  return { ...h, villageName: v?.name ?? h.villageId, townshipId: t?.id ?? '', townshipName: t?.name ?? '', ...(c ? { contactName: c.name } : {}) };
}

export function contactRow(r: Registry, c: PairingContact): ContactRow {
  const ix = indexOf(r);
  const places = new Set<string>();
  for (const id of c.householdIds) {
    const v = ix.villages.get(ix.households.get(id)?.villageId ?? '');
    if (v) places.add(`${ix.townships.get(v.townshipId)?.name ?? ''}${v.name}`);
  }
  return { ...c, places: [...places] };
}

export interface HouseholdQuery {
  townshipId?: string;
  villageId?: string;
  q?: string;
  status?: HouseholdStatus;
  page: number;
  pageSize: number;
}

/** Households of a village or township (or all), matching id or head name, in registry order. */
export function findHouseholds(r: Registry, q: HouseholdQuery): Page<HouseholdRow> {
  const ix = indexOf(r);
  let pool: readonly Household[];
  if (q.villageId) pool = ix.householdsOf.get(q.villageId) ?? [];
  else if (q.townshipId) pool = (ix.villagesOf.get(q.townshipId) ?? []).flatMap((v) => ix.householdsOf.get(v.id) ?? []);
  else pool = r.households;
  const text = q.q?.trim();
  const hits = pool.filter((h) => (!q.status || h.status === q.status) && (!text || h.id.includes(text) || h.head.includes(text)));
  const p = page(hits, q.page, q.pageSize);
  return { ...p, items: p.items.map((h) => householdRow(r, h)) };
}

export interface ContactQuery {
  townshipId?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export function findContacts(r: Registry, q: ContactQuery): Page<ContactRow> {
  const ix = indexOf(r);
  const text = q.q?.trim();
  const inTownship = (c: PairingContact) =>
    c.householdIds.some((id) => ix.villages.get(ix.households.get(id)?.villageId ?? '')?.townshipId === q.townshipId);
  const hits = r.contacts.filter(
    (c) => (!q.townshipId || inTownship(c)) && (!text || c.id.includes(text) || c.name.includes(text) || c.workUnit.includes(text) || (c.phone ?? '').includes(text)),
  );
  const p = page(hits, q.page, q.pageSize);
  return { ...p, items: p.items.map((c) => contactRow(r, c)) };
}

export function reportPage(r: Registry, kind: ReportKind, pageNo: number, pageSize: number): Page<HouseholdRow> | Page<ContactRow> {
  if (kind === 'contactOverLimit') {
    const p = page(contactsOverLimit(r), pageNo, pageSize);
    return { ...p, items: p.items.map((c) => contactRow(r, c)) };
  }
  const list = kind === 'withoutContact' ? householdsWithoutContact(r) : householdsWithoutLocation(r);
  const p = page(list, pageNo, pageSize);
  return { ...p, items: p.items.map((h) => householdRow(r, h)) };
}
