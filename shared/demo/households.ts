/**
 * Households and their pairing contacts. Proportions follow a county like seed 001's in 2019:
 * about 12% registered (建档立卡, most already exited 2014–2019), about 8% edge households,
 * the rest ordinary; poor villages have twice the registration rate of the others.
 */
import { EDGE_KINDS, MAX_HOUSEHOLDS_PER_CONTACT, type EdgeKind, type Household, type HouseholdStatus, type PairingContact, type Township, type Village } from '../registry';
import type { Random } from '../random';
import { nearVillage } from './geography';
import { CAUSE_WEIGHTS, DEPARTMENTS, POVERTY_CAUSES, personName, phoneNumber, townshipGovernment } from './names';

const REGISTERED_RATE_POOR_VILLAGE = 0.2;
const REGISTERED_RATE_OTHER = 0.1;
const STILL_POOR_SHARE = 0.15;
const EDGE_RATE = 0.08;
const NO_LOCATION_RATE = 0.01;
const EXIT_YEARS = [2014, 2015, 2016, 2017, 2018, 2019];
const EXIT_YEAR_WEIGHTS = [10, 16, 22, 24, 18, 10];

function statusFor(rng: Random, village: Village): HouseholdStatus {
  const r = rng.float();
  const registered = village.poorVillage ? REGISTERED_RATE_POOR_VILLAGE : REGISTERED_RATE_OTHER;
  if (r < registered) return rng.chance(STILL_POOR_SHARE) ? 'registered_poor' : 'exited';
  if (r < registered + EDGE_RATE) return 'edge';
  return 'ordinary';
}

function edgeKinds(rng: Random): EdgeKind[] {
  const first = rng.pick(EDGE_KINDS);
  if (!rng.chance(0.3)) return [first];
  const second = rng.pick(EDGE_KINDS.filter((k) => k !== first));
  // Stored in EDGE_KINDS order so the same pair always reads the same way.
  return EDGE_KINDS.filter((k) => k === first || k === second);
}

function household(rng: Random, id: string, village: Village): Household {
  const status = statusFor(rng, village);
  const kinds = status === 'edge' ? edgeKinds(rng) : [];
  const alone = kinds.includes('elderly_alone');
  const h: Household = {
    id,
    villageId: village.id,
    head: personName(rng, alone ? rng.chance(0.6) : undefined),
    status,
    edgeKinds: kinds,
    members: alone ? 1 : rng.weighted([1, 2, 3, 4, 5, 6], [6, 18, 24, 28, 16, 8]),
    measures: [],
  };
  if (status === 'exited') h.exitYear = rng.weighted(EXIT_YEARS, EXIT_YEAR_WEIGHTS);
  if (status === 'exited' || status === 'registered_poor') {
    const { cause, measures } = rng.weighted(POVERTY_CAUSES, CAUSE_WEIGHTS);
    h.povertyCause = cause;
    // The measures answering the cause come first; one general measure often follows.
    h.measures = measures.slice(0, rng.int(1, measures.length));
    if (rng.chance(0.5)) {
      const extra = rng.pick(['产业扶贫', '就业扶贫', '小额信贷', '光伏扶贫']);
      if (!h.measures.includes(extra)) h.measures.push(extra);
    }
  }
  if (!rng.chance(NO_LOCATION_RATE)) h.location = nearVillage(rng, village);
  return h;
}

export function makeHouseholds(rng: Random, villages: Village[]): Household[] {
  const out: Household[] = [];
  for (const v of villages) {
    const count = rng.int(55, 125);
    for (let k = 0; k < count; k++) out.push(household(rng, `h${out.length + 1}`, v));
  }
  return out;
}

const isRegistered = (h: Household) => h.status === 'registered_poor' || h.status === 'exited';

/**
 * One contact for every registered or exited household (帮扶联系人全覆盖), at most three each.
 * A village is paired by one unit, as in practice: a county department or the township's
 * own government. Sets `pairingContactId` on the households it pairs.
 */
export function makeContacts(rng: Random, townships: Township[], villages: Village[], households: Household[]): PairingContact[] {
  const government = new Map(townships.map((t) => [t.id, townshipGovernment(t)]));
  const byVillage = new Map<string, Household[]>();
  for (const h of households) {
    if (!isRegistered(h)) continue;
    const list = byVillage.get(h.villageId);
    if (list) list.push(h);
    else byVillage.set(h.villageId, [h]);
  }
  const contacts: PairingContact[] = [];
  for (const v of villages) {
    const paired = byVillage.get(v.id);
    if (!paired) continue;
    const unit = rng.chance(0.3) ? government.get(v.townshipId)! : rng.pick(DEPARTMENTS);
    for (let i = 0; i < paired.length; ) {
      const size = Math.min(rng.weighted([1, 2, 3], [15, 35, 50]), MAX_HOUSEHOLDS_PER_CONTACT, paired.length - i);
      const id = `c${contacts.length + 1}`;
      const chunk = paired.slice(i, i + size);
      for (const h of chunk) h.pairingContactId = id;
      contacts.push({ id, name: personName(rng, rng.chance(0.35)), workUnit: unit, phone: phoneNumber(rng), householdIds: chunk.map((h) => h.id) });
      i += size;
    }
  }
  return contacts;
}
