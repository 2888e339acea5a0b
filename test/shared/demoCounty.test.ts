/** The demo county generator: deterministic, inside its box, with a real county's proportions and rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoCounty } from '../../shared/demo/generate';
import { DEMO_BBOX } from '../../shared/demo/geography';
import { EDGE_KINDS, MAX_HOUSEHOLDS_PER_CONTACT, type Registry } from '../../shared/registry';

const county = generateDemoCounty();
const share = (r: Registry, pred: (h: Registry['households'][number]) => boolean) => r.households.filter(pred).length / r.households.length;
const inBox = ({ lng, lat }: { lng: number; lat: number }) => {
  const [w, s, e, n] = DEMO_BBOX;
  return lng >= w && lng <= e && lat >= s && lat <= n;
};

describe('generateDemoCounty', () => {
  it('gives byte-identical JSON for the same seed, and a different county for another seed', () => {
    const a = JSON.stringify(generateDemoCounty(7));
    expect(JSON.stringify(generateDemoCounty(7))).toBe(a);
    expect(JSON.stringify(generateDemoCounty(8))).not.toBe(a);
    expect(JSON.stringify(county)).toBe(JSON.stringify(generateDemoCounty(1)));
  });

  it('places every village and located household inside the county box', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = generateDemoCounty(seed);
        expect(r.county.bbox).toEqual(DEMO_BBOX);
        expect(r.villages.filter((v) => !inBox(v.location))).toEqual([]);
        expect(r.households.filter((h) => h.location && !inBox(h.location))).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });

  it('places households within about 1 km of their village', () => {
    const village = new Map(county.villages.map((v) => [v.id, v]));
    const far = county.households.filter((h) => {
      if (!h.location) return false;
      const v = village.get(h.villageId)!;
      return Math.hypot((h.location.lng - v.location.lng) * 95.0, (h.location.lat - v.location.lat) * 111.2) > 1.05;
    });
    expect(far).toEqual([]);
  });

  it('has 15 townships (one a development zone), 200+ villages and about 20,000 households', () => {
    expect(county.townships).toHaveLength(15);
    expect(county.townships.filter((t) => t.kind === 'development_zone')).toHaveLength(1);
    expect(county.villages.length).toBeGreaterThanOrEqual(200);
    expect(county.households.length).toBeGreaterThan(18_000);
    expect(county.households.length).toBeLessThan(22_000);
    expect(new Set(county.villages.map((v) => v.name)).size).toBe(county.villages.length);
  });

  it('numbers its ids t1…, v1…, h1…, c1…, i1…, u1…, g1… without gaps', () => {
    const sequential = (ids: string[], prefix: string) => expect(ids).toEqual(ids.map((_, i) => `${prefix}${i + 1}`));
    sequential(county.townships.map((x) => x.id), 't');
    sequential(county.villages.map((x) => x.id), 'v');
    sequential(county.households.map((x) => x.id), 'h');
    sequential(county.contacts.map((x) => x.id), 'c');
    sequential(county.issues.map((x) => x.id), 'i');
    sequential(county.units.map((x) => x.id), 'u');
    sequential(county.groups.map((x) => x.id), 'g');
  });

  it('registers about 12% of households (mostly exited 2014–2019), about 8% edge, 1% without location', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = generateDemoCounty(seed);
        const registered = share(r, (h) => h.status === 'registered_poor' || h.status === 'exited');
        expect(registered).toBeGreaterThan(0.1);
        expect(registered).toBeLessThan(0.145);
        expect(share(r, (h) => h.status === 'exited')).toBeGreaterThan(registered * 0.75);
        expect(share(r, (h) => h.status === 'edge')).toBeGreaterThan(0.065);
        expect(share(r, (h) => h.status === 'edge')).toBeLessThan(0.095);
        expect(share(r, (h) => !h.location)).toBeGreaterThan(0.005);
        expect(share(r, (h) => !h.location)).toBeLessThan(0.015);
      }),
      { numRuns: 4 },
    );
  });

  it('gives each household the fields its status calls for', () => {
    const wrong = county.households.filter((h) => {
      const registered = h.status === 'registered_poor' || h.status === 'exited';
      const edgeOk = h.status === 'edge' ? h.edgeKinds.length >= 1 && h.edgeKinds.length <= 2 && h.edgeKinds.every((k) => EDGE_KINDS.includes(k)) : h.edgeKinds.length === 0;
      return !(
        /^[\u4e00-\u9fff]{2,3}$/.test(h.head) &&
        h.members >= 1 &&
        (h.status === 'exited' ? h.exitYear! >= 2014 && h.exitYear! <= 2019 : h.exitYear === undefined) &&
        (h.povertyCause !== undefined) === registered &&
        (h.measures.length > 0) === registered &&
        edgeOk
      );
    });
    expect(wrong).toEqual([]);
  });

  it('pairs every registered or exited household with one contact, and no contact with more than 3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = generateDemoCounty(seed);
        const contactOf = new Map<string, string>();
        for (const c of r.contacts) {
          expect(c.householdIds.length).toBeGreaterThanOrEqual(1);
          expect(c.householdIds.length).toBeLessThanOrEqual(MAX_HOUSEHOLDS_PER_CONTACT);
          for (const id of c.householdIds) {
            // A household paired twice would show up here as an id seen before.
            expect(contactOf.get(id)).toBeUndefined();
            contactOf.set(id, c.id);
          }
        }
        const unpaired = r.households.filter((h) => {
          const registered = h.status === 'registered_poor' || h.status === 'exited';
          return (h.pairingContactId !== undefined) !== registered || contactOf.get(h.id) !== h.pairingContactId;
        });
        expect(unpaired).toEqual([]);
      }),
      { numRuns: 4 },
    );
  });

  it('puts each township in exactly one of six groups of two or three townships', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = generateDemoCounty(seed);
        expect(r.groups).toHaveLength(6);
        const all = r.groups.flatMap((g) => g.townshipIds);
        expect(all.slice().sort()).toEqual(r.townships.map((t) => t.id).sort());
        for (const g of r.groups) expect([2, 3]).toContain(g.townshipIds.length);
        expect(r.groups[0]!.name).toBe('第一督查组');
      }),
      { numRuns: 8 },
    );
  });

  it('has about 300 feedback issues, each tied to its village, household and an existing unit', () => {
    const units = new Set(county.units.map((u) => u.id));
    const households = new Map(county.households.map((h) => [h.id, h]));
    const villages = new Set(county.villages.map((v) => v.id));
    expect(county.issues.length).toBeGreaterThanOrEqual(250);
    const rectified = county.issues.filter((i) => i.state === 'rectified').length / county.issues.length;
    expect(rectified).toBeGreaterThan(0.4);
    expect(rectified).toBeLessThan(0.7);
    for (const i of county.issues) {
      expect(units.has(i.responsibleUnitId)).toBe(true);
      expect(villages.has(i.villageId)).toBe(true);
      if (i.householdId) expect(households.get(i.householdId)?.villageId).toBe(i.villageId);
      expect(['2018年省第三方监测评估反馈', '中央巡视组反馈']).toContain(i.source);
      expect(i.description).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lists every township government and the county departments as responsible units', () => {
    const names = county.units.map((u) => u.name);
    for (const t of county.townships) expect(names.some((n) => n.startsWith(t.name))).toBe(true);
    for (const d of ['县委组织部', '县教育局', '县卫健委', '县人社局', '县住建局', '县残联']) expect(names).toContain(d);
  });
});
