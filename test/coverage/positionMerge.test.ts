/** [MP1] [MP2] Members' positions, the pure side: merging, the model, when a phone reports. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../../shared/checkKinds';
import { CoverageModel } from '../../shared/coverage/model';
import {
  REPORT_EVERY_MS,
  REPORT_MIN_GAP_MS,
  STALE_AFTER_MS,
  isStale,
  mergePositions,
  minutesAgo,
  reportDelay,
  type Fix,
  type ReportedPosition,
} from '../../shared/coverage/positions';
import type { TargetCoverage } from '../../shared/coverage/types';
import { memberPositions } from '../../shared/coverage/views';

const DATE = '2026-11-23';
const T = (hhmm: string) => `${DATE}T${hhmm}:00.000Z`;

function checked(id: string, byId: string, at: string, loc: [number, number] | null): TargetCoverage {
  return { id, kind: 'pairing_visit', ref: 'household', refId: id, label: `${id}户`, place: '城关镇', f: null, s: 3, byId, by: byId, at, loc, findings: [] };
}

function reported(userId: string, at: string, lngLat: [number, number] = [116.95, 31.45], groupId = 'g1'): ReportedPosition {
  return { date: DATE, groupId, userId, name: `${userId}名`, lngLat, acc: 30, at };
}

function model(reports: ReportedPosition[] = []): CoverageModel {
  const m = new CoverageModel();
  m.applySnapshot({
    date: DATE,
    registry: 'r',
    groups: [
      {
        groupId: 'g1',
        groupName: '第一组',
        quotas: DEFAULT_QUOTAS,
        members: [
          { id: 'u1', name: '甲' },
          { id: 'u2', name: '乙' },
          { id: 'u3', name: '丙' },
        ],
        targets: [checked('a', 'u1', T('03:00'), [116.8, 31.4]), checked('b', 'u2', T('04:00'), [116.7, 31.3]), checked('c', 'u3', T('02:00'), null)],
      },
    ],
    positions: reports,
  });
  return m;
}

const merged = (m: CoverageModel) => mergePositions(memberPositions(m.groups.values()), m.positions.values());
const of = (ps: ReturnType<typeof merged>, id: string) => ps.find((p) => p.userId === id)!;

describe('[MP1] the shown position is the newer of the reported one and the last check’s', () => {
  it('a newer report wins, and says so; the check stays as the fallback it was', () => {
    const ps = merged(model([reported('u1', T('03:30'))]));
    expect(of(ps, 'u1')).toMatchObject({ source: 'report', at: T('03:30'), lngLat: [116.95, 31.45], accuracy: 30, check: { at: T('03:00'), label: 'a户' }, checked: 1 });
  });

  it('an older report loses to a newer check; a tie keeps the check (proof of presence)', () => {
    const ps = merged(model([reported('u1', T('02:59')), reported('u2', T('04:00'))]));
    expect(of(ps, 'u1')).toMatchObject({ source: 'check', at: T('03:00'), lngLat: [116.8, 31.4] });
    expect(of(ps, 'u2')).toMatchObject({ source: 'check', at: T('04:00'), lngLat: [116.7, 31.3] });
  });

  it('a member whose checks had no position shows their report; without either, none', () => {
    expect(of(merged(model()), 'u3')).toMatchObject({ source: null, at: null, lngLat: null, checked: 1 });
    expect(of(merged(model([reported('u3', T('01:00'))])), 'u3')).toMatchObject({ source: 'report', at: T('01:00') });
  });

  it('a report from someone not on the roster joins their group; another group’s is dropped', () => {
    const ps = merged(model([reported('u9', T('05:00')), reported('x1', T('05:00'), [1, 1], 'g2')]));
    expect(of(ps, 'u9')).toMatchObject({ groupId: 'g1', name: 'u9名', source: 'report', checked: 0, check: null });
    expect(ps.some((p) => p.userId === 'x1')).toBe(false);
  });

  it('does not change its input', () => {
    const base = memberPositions(model().groups.values());
    const copy = structuredClone(base);
    mergePositions(base, [reported('u1', T('09:00'))]);
    expect(base).toEqual(copy);
  });

  it('a position older than 30 minutes is stale; minutes ago never go negative', () => {
    const now = Date.parse(T('04:00'));
    expect(isStale(T('03:31'), now)).toBe(false);
    expect(isStale(new Date(now - STALE_AFTER_MS - 1).toISOString(), now)).toBe(true);
    expect(isStale(null, now)).toBe(false);
    expect(minutesAgo(T('03:55'), now)).toBe(5);
    expect(minutesAgo(T('04:02'), now)).toBe(0);
  });
});

describe('[MP1] the command centre’s model keeps the latest report per member', () => {
  it('takes newer reports, ignores older ones and other days', () => {
    const m = model([reported('u1', T('03:30'))]);
    expect(m.applyPosition(reported('u1', T('03:10')))).toBe(false);
    expect(m.applyPosition({ ...reported('u1', T('09:00')), date: '2026-11-22' })).toBe(false);
    expect(m.applyPosition(reported('u1', T('03:40'), [117, 31]))).toBe(true);
    expect(m.positions.get('u1')!.lngLat).toEqual([117, 31]);
  });

  it('a same-day snapshot keeps a report that arrived while it was being read; a new day drops them', () => {
    const m = model([reported('u1', T('03:30'))]);
    m.applyPosition(reported('u2', T('05:00')));
    m.applySnapshot({ date: DATE, registry: 'r', groups: [], positions: [reported('u2', T('04:30')), reported('u1', T('03:30'))] });
    expect(m.positions.get('u2')!.at).toBe(T('05:00'));
    m.applySnapshot({ date: '2026-11-24', registry: 'r', groups: [] });
    expect(m.positions.size).toBe(0);
  });
});

describe('[MP2] when a phone reports', () => {
  const fix = (at: number, north = 0): Fix => ({ lng: 116.9, lat: 31.4 + north / 111_195, at });
  const sent = (f: Fix, sentAt = f.at) => ({ ...f, sentAt });

  it('sends the first fix at once, then at most once a minute while it stays put', () => {
    expect(reportDelay(null, fix(0), 0)).toBe(0);
    expect(reportDelay(sent(fix(0)), fix(20_000, 30), 20_000)).toBe(REPORT_EVERY_MS - 20_000);
    expect(reportDelay(sent(fix(0)), fix(60_000, 30), 60_000)).toBe(0);
  });

  it('sends sooner after a move of more than 100 m, but never closer than the minimum gap', () => {
    expect(reportDelay(sent(fix(0)), fix(5_000, 150), 5_000)).toBe(REPORT_MIN_GAP_MS - 5_000);
    expect(reportDelay(sent(fix(0)), fix(20_000, 150), 20_000)).toBe(0);
    expect(reportDelay(sent(fix(0)), fix(20_000, 90), 20_000)).toBeGreaterThan(0);
  });

  it('never sends a fix again, nor one older than the last sent (an offline fix keeps its time)', () => {
    const f = fix(1_000);
    expect(reportDelay(sent(f), f, 120_000)).toBeNull();
    expect(reportDelay(sent(fix(5_000)), fix(4_000, 500), 120_000)).toBeNull();
    // Offline for ten minutes: the fix taken then is sent on reconnect, dated when it was taken.
    expect(reportDelay(sent(fix(0)), fix(30_000, 20), 600_000)).toBe(0);
  });
});
