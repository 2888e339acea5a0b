/** The summary compiler and its chat rendering, as pure functions over a built day. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { compileDebrief } from '../../shared/debrief/compile';
import type { ProblemView } from '../../shared/problems/types';
import { addTargets, newFinding, setMeta, type TargetInit } from '../../shared/sheet';
import { compileSummary } from '../../shared/summary/compile';
import { fitBytes, summaryMarkdown } from '../../shared/summary/markdown';
import { DEFAULT_QUOTAS } from '../../shared/checkKinds';

const DAY = '2026-05-22';

function target(kind: TargetInit['kind'], id: string, township: string): TargetInit {
  return { id: `${kind}:${id}`, kind, refKind: kind === 'rectification' ? 'issue' : 'household', refId: id, label: id, place: township, townshipId: township, villageId: `v-${township}`, reason: '' };
}

function day(): Y.Doc {
  const doc = new Y.Doc();
  setMeta(doc, { groupId: 'g1', date: DAY, groupName: '第一督查组', createdAt: '', source: 'provisional', quotas: DEFAULT_QUOTAS, checklistVersion: 1 });
  addTargets(doc, [target('pairing_visit', 'h1', 't1'), target('pairing_visit', 'h2', 't2'), target('screening', 'h3', 't1'), target('rectification', 'p_0000000000000001', 't2')]);
  const root = doc.getMap<Y.Map<unknown>>('targets');
  for (const id of ['pairing_visit:h1', 'screening:h3', 'rectification:p_0000000000000001']) {
    root.get(id)!.set('checkedAt', `${DAY}T03:00:00Z`);
    root.get(id)!.set('checkedBy', 'i1');
    root.get(id)!.set('checkedByName', '周晓燕');
  }
  (root.get('pairing_visit:h1')!.get('findings') as Y.Array<Y.Map<unknown>>).push([newFinding({ id: 'f1', category: 'assistance', severity: 'low', description: '未走访', createdBy: 'i1', createdByName: '周', createdAt: `${DAY}T03:01:00Z` })]);
  (root.get('screening:h3')!.get('findings') as Y.Array<Y.Map<unknown>>).push([newFinding({ id: 'f2', category: 'identification', severity: 'high', description: '疑似漏评', createdBy: 'i1', createdByName: '周', createdAt: `${DAY}T03:02:00Z` })]);
  (root.get('rectification:p_0000000000000001')!.get('answers') as Y.Map<unknown>).set('verdict', 'close');
  return doc;
}

const problem = (over: Partial<ProblemView>): ProblemView =>
  ({
    id: 'p',
    state: 'assigned',
    groupId: 'g1',
    groupName: '第一督查组',
    date: DAY,
    kind: 'pairing_visit',
    category: 'assistance',
    townshipId: 't1',
    townshipName: '城关镇',
    villageName: '东风村',
    description: '未走访',
    unitName: '县民政局',
    deadline: '2026-05-29',
    history: [],
    overdue: false,
    ...over,
  }) as ProblemView;

describe('daily summary', () => {
  it('[SM1] counts per group, township and check kind: quota done, findings, opened, closed by re-visit, overdue', () => {
    const d = compileDebrief(day());
    expect(d.revisits).toEqual([expect.objectContaining({ problemId: 'p_0000000000000001', verdict: 'close', checkedByName: '周晓燕' })]);
    expect(d.checkers).toEqual([expect.objectContaining({ name: '周晓燕', checked: 3, byKind: { pairing_visit: 1, screening: 1, environment: 0, rectification: 1 } })]);
    const s = compileSummary({
      date: DAY,
      generatedAt: `${DAY}T13:30:00Z`,
      zone: 'Asia/Shanghai',
      countyName: '示范县',
      townships: [
        { id: 't1', name: '城关镇' },
        { id: 't2', name: '河口乡' },
      ],
      groups: [
        { groupId: 'g1', groupName: '第一督查组', day: d, signedOff: true },
        { groupId: 'g2', groupName: '第二督查组', day: null, signedOff: false },
      ],
      problems: [
        problem({ id: 'p1' }),
        problem({ id: 'p2', kind: 'screening', date: '2026-05-10', deadline: '2026-05-20', overdue: true, townshipId: 't2' }),
        problem({
          id: 'p3',
          state: 'closed',
          date: '2026-05-15',
          closedAt: `${DAY}T12:00:00Z`,
          townshipId: 't2',
          history: [{ action: 'verify', from: 'awaiting_revisit', to: 'closed', at: `${DAY}T12:00:00Z`, by: { id: 'i', name: 'i', role: 'inspector' }, note: '', evidence: [], revisit: { docName: `sheet:g2:${DAY}`, targetId: 'x', date: DAY, signedOffBy: { id: 'l', name: 'l' } } }],
        }),
      ],
    });
    expect(s.totals).toMatchObject({ groups: 2, signedOff: 1, checked: 3, findings: 2, opened: 1, closedByRevisit: 1, overdue: 1 });
    expect(s.groups[0]).toMatchObject({ groupId: 'g1', checked: 3, findings: 2, opened: 1, closedByRevisit: 0, overdue: 1 });
    expect(s.groups[0]!.kinds.find((k) => k.kind === 'pairing_visit')).toEqual({ kind: 'pairing_visit', quota: 10, checked: 1, total: 2 });
    // Closed by the group whose sheet did the re-visit.
    expect(s.groups[1]).toMatchObject({ groupId: 'g2', hasSheet: false, closedByRevisit: 1 });
    expect(s.townships).toEqual([
      { townshipId: 't1', name: '城关镇', checked: 2, findings: 2, opened: 1, closedByRevisit: 0, overdue: 0 },
      { townshipId: 't2', name: '河口乡', checked: 1, findings: 0, opened: 0, closedByRevisit: 1, overdue: 1 },
    ]);
    expect(s.kinds.map((k) => [k.kind, k.checked, k.findings, k.opened, k.closedByRevisit, k.overdue])).toEqual([
      ['pairing_visit', 1, 1, 1, 0, 0],
      ['screening', 1, 1, 0, 0, 1],
      ['environment', 0, 0, 0, 0, 0],
      ['rectification', 1, 0, 0, 1, 0],
    ]);
    const md = summaryMarkdown(s);
    expect(md).toMatch(/^## 示范县督查日报 2026年5月22日/);
    expect(md).toContain('- 第二督查组:无督查表');
    expect(md).toContain('**逾期问题(1)**');
  });

  it('[SM2] a message over the byte limit is cut at a line, within the limit, with a pointer to the spreadsheet', () => {
    const long = Array.from({ length: 400 }, (_, i) => `- 第${i}行:某某村某某问题描述`).join('\n');
    const cut = fitBytes(long, 4096);
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(4096);
    expect(cut.endsWith('……(完整内容见日报表格)')).toBe(true);
    expect(fitBytes('短消息', 4096)).toBe('短消息');
  });
});
