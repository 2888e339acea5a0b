/**
 * Rule reports over a stored registry: what the county office must follow up, even when the
 * data itself is valid. Seed 002: 帮扶联系人全覆盖 (every registered or formerly registered
 * household has a pairing contact) and no contact with more than 3 households; and households
 * the map and the draw cannot place.
 */
import { MAX_HOUSEHOLDS_PER_CONTACT, type Household, type PairingContact, type Registry } from './registry';

export const REPORT_KINDS = ['withoutContact', 'contactOverLimit', 'withoutLocation'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const needsContact = (h: Household): boolean => h.status === 'registered_poor' || h.status === 'exited';

export function householdsWithoutContact(r: Registry): Household[] {
  return r.households.filter((h) => needsContact(h) && !h.pairingContactId);
}

export function contactsOverLimit(r: Registry): PairingContact[] {
  return r.contacts.filter((c) => c.householdIds.length > MAX_HOUSEHOLDS_PER_CONTACT);
}

export function householdsWithoutLocation(r: Registry): Household[] {
  return r.households.filter((h) => !h.location);
}

export type ReportCounts = Record<ReportKind, number>;

export function reportCounts(r: Registry): ReportCounts {
  let withoutContact = 0;
  let withoutLocation = 0;
  for (const h of r.households) {
    if (needsContact(h) && !h.pairingContactId) withoutContact++;
    if (!h.location) withoutLocation++;
  }
  return { withoutContact, contactOverLimit: contactsOverLimit(r).length, withoutLocation };
}
