/** The registry rules and the spreadsheet format as pure functions: no server, no Redis. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoCounty } from '../../shared/demo/generate';
import { EDGE_KINDS, HOUSEHOLD_STATUSES, type Household, type Registry } from '../../shared/registry';
import { editContact, editHousehold } from '../../shared/registryEdit';
import { validateRegistry } from '../../shared/registryRules';
import { deriveContactHouseholds } from '../../shared/registryTable/assemble';
import { planImport } from '../../shared/registryTable/plan';
import { tableRows } from '../../shared/registryTable/rows';
import { TABLE_KEYS, type TableKey } from '../../shared/registryTable/sheets';
import { parseEdgeKind, parseNumber, parseStatus, splitList } from '../../shared/registryTable/values';
import { registryHash } from '../../server/registry/codec';

const demo = generateDemoCounty();
const opts = { year: 2026, maxRows: 500_000, accounts: new Map() };

/** A registry as the sheets a spreadsheet program would hand over: every cell text. */
function asSheets(r: Registry, keys: readonly TableKey[] = TABLE_KEYS) {
  return keys.map((k) => {
    const t = tableRows(k, r);
    return { file: 'x.xlsx', name: t.sheet, rows: [{ n: 1, cells: t.headers }, ...t.rows.map((row, i) => ({ n: i + 2, cells: row.map((c) => (c === null ? '' : String(c))) }))] };
  });
}

describe('cell values as people type them', () => {
  it('reads statuses, edge kinds, lists and full-width numbers', () => {
    expect(parseStatus('已脱贫')).toBe('exited');
    expect(parseStatus('建档立卡脱贫户（已脱贫）')).toBe('exited');
    expect(parseStatus('一般户')).toBe('ordinary');
    expect(parseStatus('困难户')).toBeNull();
    expect(parseEdgeKind('低保')).toBe('dibao');
    expect(parseEdgeKind('独居老人户')).toBe('elderly_alone');
    expect(splitList('健康脱贫、产业扶贫,小额信贷；光伏扶贫')).toEqual(['健康脱贫', '产业扶贫', '小额信贷', '光伏扶贫']);
    expect(parseNumber('１１６.９')).toBe(116.9);
    expect(parseNumber('116,9')).toBeNull();
  });
});

describe('import plans', () => {
  it('the demo county is valid, and its sheets read back to the same registry', () => {
    expect(validateRegistry(demo)).toEqual([]);
    const plan = planImport(null, asSheets(demo), opts);
    expect(plan.errorCount).toBe(0);
    expect(registryHash(plan.registry!)).toBe(registryHash(demo));
  });

  it('tells a CSV’s table by its header, whatever the file is called, and reads a title row above it', () => {
    const [households] = asSheets(demo, ['households']);
    const sheet = { file: 'export(3).csv', name: 'export(3).csv', rows: [{ n: 1, cells: ['某县农户台账'] }, ...households!.rows.map((r) => ({ ...r, n: r.n + 1 }))] };
    const plan = planImport(demo, [sheet], opts);
    expect(plan.tables).toEqual(['households']);
    expect(registryHash(plan.registry!)).toBe(registryHash(demo));
  });

  it('a first import without the places tables is refused with the missing tables named', () => {
    const plan = planImport(null, asSheets(demo, ['households']), opts);
    expect(plan.registry).toBeNull();
    expect(plan.report.map((r) => [r.code, r.params?.value])).toEqual([
      ['missing_table', '县'],
      ['missing_table', '乡镇'],
      ['missing_table', '村'],
    ]);
  });

  it('round-trips any valid households through the sheets (property)', () => {
    const villages = demo.villages.slice(0, 5);
    const household = fc
      .record({
        village: fc.integer({ min: 0, max: villages.length - 1 }),
        head: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() === s && s !== '' && !/[\r\n"]/.test(s)),
        status: fc.constantFrom(...HOUSEHOLD_STATUSES),
        year: fc.integer({ min: 2014, max: 2026 }),
        kinds: fc.subarray([...EDGE_KINDS], { minLength: 1 }),
        members: fc.integer({ min: 1, max: 30 }),
        measures: fc.subarray(['产业扶贫', '就业扶贫', '健康脱贫']),
        located: fc.boolean(),
        dx: fc.integer({ min: -500, max: 500 }),
      })
      .map((x): Omit<Household, 'id'> => {
        const v = villages[x.village]!;
        return {
          villageId: v.id,
          head: x.head,
          status: x.status,
          ...(x.status === 'exited' ? { exitYear: x.year } : {}),
          edgeKinds: x.status === 'edge' ? EDGE_KINDS.filter((k) => x.kinds.includes(k)) : [],
          members: x.members,
          measures: x.measures,
          ...(x.located ? { location: { lng: Math.round((v.location.lng + x.dx / 1e5) * 1e6) / 1e6, lat: v.location.lat } } : {}),
        };
      });
    fc.assert(
      fc.property(fc.array(household, { minLength: 1, maxLength: 30 }), (hs) => {
        const households = hs.map((h, i) => ({ id: `p${i}`, ...h }));
        const r: Registry = { ...demo, households, contacts: deriveContactHouseholds(households, demo.contacts), issues: [] };
        const plan = planImport(demo, asSheets(r, ['households', 'issues']), opts);
        expect(plan.report).toEqual([]);
        expect(registryHash(plan.registry!)).toBe(registryHash(r));
      }),
      { numRuns: 40 },
    );
  });
});

describe('single edits use the same rules', () => {
  it('refuses a fourth household for a contact, and an exit year on an ordinary household', () => {
    const c = demo.contacts.find((x) => x.householdIds.length === 3)!;
    const free = demo.households.find((h) => !h.pairingContactId)!;
    expect(editHousehold(demo, free.id, { pairingContactId: c.id })).toMatchObject({ ok: false, problems: [{ field: 'pairingContactId', code: 'contact_over_limit' }] });
    expect(editContact(demo, c.id, { householdIds: [...c.householdIds, free.id] })).toMatchObject({ ok: false, problems: [{ code: 'contact_over_limit' }] });
    const ordinary = demo.households.find((h) => h.status === 'ordinary')!;
    expect(editHousehold(demo, ordinary.id, { exitYear: 2018 })).toMatchObject({ ok: false, problems: [{ field: 'exitYear', code: 'exit_year_not_exited' }] });
  });

  it('an edit leaves every other household object untouched (one chunk to re-encode)', () => {
    const h = demo.households[100]!;
    const e = editHousehold(demo, h.id, { head: '新户主' });
    expect(e?.ok).toBe(true);
    if (!e?.ok) return;
    expect(e.registry.households.filter((x, i) => x !== demo.households[i]).map((x) => x.id)).toEqual([h.id]);
    expect(e.before).toBe(h);
    expect(e.after.head).toBe('新户主');
  });
});
