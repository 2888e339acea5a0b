/** Bad draw input is refused with an error that names the problem (issue 4, "Bad input"). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrawInputInvalid, drawLists, validateDrawInput, type DrawInput, type DrawInputError } from '../../shared/draw';
import { scenarioArb } from './scenario';

const SEED = '5eed'.repeat(16);
// One fixed small county from the property tests' generator.
const base: DrawInput = { ...fc.sample(scenarioArb, { numRuns: 1, seed: 4 })[0]!, seed: SEED, settings: undefined };

const errorsOf = (patch: Partial<DrawInput>) => validateDrawInput({ ...base, ...patch });
const codes = (errors: DrawInputError[]) => errors.map((e) => e.code);

describe('validateDrawInput', () => {
  it('accepts a well-formed input, and an upper-case seed the same as a lower-case one', () => {
    expect(errorsOf({})).toEqual([]);
    expect(drawLists({ ...base, seed: SEED.toUpperCase() })).toEqual(drawLists(base));
  });

  it('refuses a seed that is not exactly 64 hex digits, saying how long it was', () => {
    for (const seed of ['', 'abc', SEED.slice(1), `${SEED}0`, `${SEED.slice(2)}zz`]) {
      const [e] = errorsOf({ seed });
      expect(e?.code).toBe('bad_seed');
      expect(e?.message).toMatch(/^seed: must be exactly 64 hex digits/);
    }
    expect(errorsOf({ seed: 'abc' })[0]?.message).toContain('got 3 characters');
  });

  it('refuses a date that is not a real calendar day', () => {
    for (const date of ['2019-02-30', '2019-2-3', '20190203', '']) expect(codes(errorsOf({ date }))).toEqual(['bad_date']);
  });

  it('refuses negative, fractional and non-numeric quotas, naming the quota', () => {
    const errors = errorsOf({ settings: { quotas: { pairing_visit: -1, screening: 2.5, rectification: '5' as unknown as number, environment_villages: 2, environment_households: 10 } } });
    expect(codes(errors)).toEqual(['bad_quota', 'bad_quota', 'bad_quota']);
    expect(errors.map((e) => e.path)).toEqual(['settings.quotas.pairing_visit', 'settings.quotas.screening', 'settings.quotas.rectification']);
    expect(errors[0]!.message).toContain('got -1');
  });

  it('refuses a quota override for a group that does not exist, and an unknown quota name', () => {
    const errors = errorsOf({ settings: { groupQuotas: { nope: { screening: 3 }, g1: { pairing: 3 } as never } } });
    expect(errors.find((e) => e.code === 'unknown_group')).toMatchObject({ groupId: 'nope', path: 'settings.groupQuotas.nope' });
    expect(errors.find((e) => e.code === 'unknown_quota')).toMatchObject({ path: 'settings.groupQuotas.g1.pairing' });
  });

  it('refuses a per-village cap below 1, a negative recent window and an unknown setting', () => {
    const errors = errorsOf({ settings: { perVillageCap: 0, recentDays: -1, extra: true } as never });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_setting', 'settings.perVillageCap'],
      ['bad_setting', 'settings.recentDays'],
      ['bad_setting', 'settings.extra'],
    ]);
  });

  it('refuses duplicate ids, a group in an unknown township, a bad last-checked day and a problem in an unknown village', () => {
    const r = base.registry;
    const errors = validateDrawInput({
      ...base,
      registry: { ...r, villages: [...r.villages, r.villages[0]!] },
      groups: [{ id: 'gx', name: 'x', townshipIds: ['t404'] }],
      recentlyChecked: { h1: 'yesterday' },
      awaitingRevisit: [{ problemId: 'p1', villageId: 'v404', label: 'x' }],
    });
    expect(codes(errors).sort()).toEqual(['bad_recently_checked', 'duplicate_id', 'unknown_township', 'unknown_village']);
  });

  it('makes drawLists throw DrawInputInvalid carrying every problem', () => {
    const bad = { ...base, seed: 'x', date: 'tomorrow' };
    expect(() => drawLists(bad)).toThrow(DrawInputInvalid);
    try {
      drawLists(bad);
    } catch (e) {
      expect((e as DrawInputInvalid).errors.map((x) => x.code)).toEqual(['bad_date', 'bad_seed']);
    }
  });

  it('treats omitted settings and explicit defaults as the same settings (same hash, same lists)', () => {
    const a = drawLists(base);
    const b = drawLists({ ...base, settings: { quotas: { pairing_visit: 10, screening: 5, environment_villages: 2, environment_households: 10, rectification: 5 }, perVillageCap: 2, recentDays: 7, groupQuotas: {} } });
    expect(b).toEqual(a);
    expect(drawLists({ ...base, settings: { recentDays: 3 } }).settingsHash).not.toBe(a.settingsHash);
  });
});
