/**
 * Putting a draw on a sheet (pure Yjs): drawn targets added, untouched replaced ones removed,
 * touched ones kept and marked `superseded`, other targets left alone, re-applying writes
 * nothing, and an older draw never rolls back a newer one.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_QUOTAS } from '../../shared/checkKinds';
import { addTargets, targetId, type TargetInit } from '../../shared/sheet';
import { applyDraw, untouched, type SheetDraw } from '../../server/draws/applyToSheet';

const target = (refId: string, reason = '临时名单'): TargetInit => ({
  id: targetId('pairing_visit', refId),
  kind: 'pairing_visit',
  refKind: 'household',
  refId,
  label: `${refId}户`,
  place: '城关镇 · 东风村',
  townshipId: 't1',
  villageId: 'v1',
  reason,
});

const draw = (seq: number, refIds: string[], replaces: string[]): SheetDraw => ({
  seq,
  seed: String(seq).repeat(64),
  publishedAt: '2019-02-12T06:30:00.000Z',
  quotas: { ...DEFAULT_QUOTAS, pairing_visit: refIds.length },
  targets: refIds.map((r) => target(r, `有结对帮扶联系人 · 排序值 0x${seq}…`)),
  replaces: new Set(replaces.map((r) => targetId('pairing_visit', r))),
});

function sheet(refIds: string[]): { doc: Y.Doc; t: (refId: string) => Y.Map<unknown> | undefined } {
  const doc = new Y.Doc();
  addTargets(doc, refIds.map((r) => target(r)));
  return { doc, t: (r) => doc.getMap<Y.Map<unknown>>('targets').get(targetId('pairing_visit', r)) };
}

describe('applying a draw to a sheet', () => {
  it('[DR2] adds the drawn targets and removes only untouched targets of the replaced list', () => {
    const { doc, t } = sheet(['h1', 'h2', 'h3', 'h4', 'revisit']);
    (t('h2')!.get('note') as Y.Text).insert(0, '已走访');
    t('h3')!.set('checkedAt', '2019-02-12T09:00:00Z');
    const out = applyDraw(doc, draw(1, ['h4', 'h5'], ['h1', 'h2', 'h3', 'h4']));
    expect(out).toEqual({ applied: true, added: 1, removed: 1, kept: 2, total: 5 });
    expect(t('h1')).toBeUndefined();
    expect([t('h2')!.get('superseded'), (t('h2')!.get('note') as Y.Text).toString()]).toEqual([true, '已走访']);
    expect(t('h3')!.get('superseded')).toBe(true);
    // Kept in the new list: takes the draw's reason, not superseded.
    expect(t('h4')!.get('reason')).toBe('有结对帮扶联系人 · 排序值 0x1…');
    expect(t('h4')!.has('superseded')).toBe(false);
    // Not from any replaced list (a re-visit scheduled by hand): untouched but kept.
    expect(t('revisit')).toBeDefined();
    expect(doc.getMap('meta').toJSON()).toMatchObject({ source: 'draw', drawSeq: 1, seed: '1'.repeat(64), drawnAt: '2019-02-12T06:30:00.000Z' });
  });

  it('[DR2] a target drawn again loses its superseded mark; re-applying the same draw writes no update', () => {
    const { doc, t } = sheet(['h1']);
    (t('h1')!.get('answers') as Y.Map<unknown>).set('q1', 'yes');
    applyDraw(doc, draw(1, ['h2'], ['h1']));
    expect(t('h1')!.get('superseded')).toBe(true);
    applyDraw(doc, draw(2, ['h1', 'h2'], ['h1', 'h2']));
    expect(t('h1')!.has('superseded')).toBe(false);
    const before = Y.encodeStateVector(doc);
    expect(applyDraw(doc, draw(2, ['h1', 'h2'], ['h1', 'h2'])).added).toBe(0);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('[DR2] an older draw arriving after a newer one changes nothing', () => {
    const { doc, t } = sheet([]);
    applyDraw(doc, draw(3, ['h3'], []));
    expect(applyDraw(doc, draw(2, ['h2'], ['h3'])).applied).toBe(false);
    expect([t('h2'), t('h3')?.get('refId'), doc.getMap('meta').get('drawSeq')]).toEqual([undefined, 'h3', 3]);
  });

  it('[DR2] counts answers, note, findings, photos, a check and a location as work', () => {
    const { t } = sheet(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(untouched(t('a')!)).toBe(true);
    (t('b')!.get('answers') as Y.Map<unknown>).set('q', 1);
    (t('c')!.get('note') as Y.Text).insert(0, 'x');
    (t('d')!.get('findings') as Y.Array<unknown>).push([new Y.Map()]);
    (t('e')!.get('photos') as Y.Array<unknown>).push([new Y.Map()]);
    t('f')!.set('checkedBy', 'inspector1a');
    t('g')!.set('location', { lat: 1, lng: 2 });
    for (const r of ['b', 'c', 'd', 'e', 'f', 'g']) expect(untouched(t(r)!), r).toBe(false);
  });
});
