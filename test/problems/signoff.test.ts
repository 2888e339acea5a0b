/**
 * Sign-off under pressure: concurrent requests create each problem once, the sheet locks for
 * inspectors, the leader's later edits become amendments; and the three lists' .xlsx export.
 */
import ExcelJS from 'exceljs';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebriefState, SignOffResult } from '../../shared/debrief/types';
import { LEDGER_HEADERS } from '../../shared/problems/lists';
import type { ProblemView } from '../../shared/problems/types';
import { CloseCode } from '../../shared/syncProtocol';
import type { RunningServer } from '../../server/server';
import { addFinding, client, enc, inDays, targetIds, todaySheet } from '../helpers/ledger';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, until, yclient, type YClient } from '../helpers/yclient';

let redis: TestRedis;
let server: RunningServer;
let leader: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
const clients: YClient[] = [];
const doc = () => todaySheet(server, 'g4');

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  leader = client(server, (await login(server.url, 'leader4')).token);
  admin = client(server, (await login(server.url, 'admin')).token);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await redis?.cleanup();
});

function noteOf(d: Y.Doc, targetId: string): Y.Text {
  return (d.getMap<Y.Map<unknown>>('targets').get(targetId)!.get('note') as Y.Text)!;
}

async function serverNote(targetId: string): Promise<string> {
  const d = await server.ctx.rooms.snapshot(doc());
  const s = noteOf(d, targetId).toString();
  d.destroy();
  return s;
}

describe('sign-off', () => {
  let inspector: YClient;
  let leaderDoc: YClient;
  let targets: string[] = [];

  it('[DB4] six concurrent sign-offs create each problem exactly once, and exactly one of them signs', async () => {
    targets = await targetIds(server, doc());
    inspector = yclient(server.url, doc(), (await login(server.url, 'inspector4a')).token);
    leaderDoc = yclient(server.url, doc(), (await login(server.url, 'leader4')).token);
    clients.push(inspector, leaderDoc);
    await Promise.all([synced(inspector), synced(leaderDoc)]);
    for (let i = 0; i < 3; i++) {
      await addFinding(server, doc(), targets[i]!, `f_c${i}`, `问题${i}`, i === 2 ? 'funds' : 'assistance');
      const r = await leader.put(`/api/debriefs/${enc(doc())}/decisions/f_c${i}`, { kind: 'assigned', unitId: i === 0 ? 'u1' : 'u2', person: `负责人${i}`, measure: `措施${i}`, deadline: inDays(server, 3 + i) });
      expect(r.status).toBe(200);
    }
    const closes: number[] = [];
    inspector.provider.ws?.addEventListener('close', (e) => closes.push(e.code));
    const replies = await Promise.all(Array.from({ length: 6 }, () => leader.post<SignOffResult>(`/api/debriefs/${enc(doc())}/signoff`)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replies.filter((r) => r.body.first)).toHaveLength(1);
    expect(replies.flatMap((r) => r.body.created).sort()).toEqual(Object.values(replies[0]!.body.problems).sort());
    const all = (await admin.get<{ problems: ProblemView[] }>(`/api/problems`)).body.problems.filter((p) => p.docName === doc());
    expect(all).toHaveLength(3);
    for (const p of all) expect(p.history.filter((t) => t.action === 'assign')).toHaveLength(1);
    await until(() => closes.includes(CloseCode.accessChanged), 5000, 'the inspector socket closed for the access change');
  });

  it('[DB5] after sign-off an inspector’s edits are not stored, and the leader’s edits are recorded as amendments', async () => {
    // 4509 lies outside y-websocket's final 4400–4499 band, so stock clients reconnect by themselves; connect() only hurries them.
    for (const c of [inspector, leaderDoc]) c.provider.connect();
    await until(() => [inspector, leaderDoc].every((c) => c.provider.wsconnected && c.provider.synced), 10_000, 'both reconnected');
    await until(() => !!inspector.doc.getMap('meta').get('signedOff'), 5000, 'signedOff reached the inspector');
    noteOf(inspector.doc, targets[5]!).insert(0, '组员签署后修改');
    noteOf(leaderDoc.doc, targets[6]!).insert(0, '组长补充说明');
    await new Promise((r) => setTimeout(r, 400));
    expect(await serverNote(targets[5]!)).toBe('');
    expect(await serverNote(targets[6]!)).toBe('组长补充说明');
    let state: DebriefState | null = null;
    for (let i = 0; i < 40 && !state?.amendments.length; i++) {
      await new Promise((r) => setTimeout(r, 150));
      state = (await leader.get<DebriefState>(`/api/debriefs/${enc(doc())}`)).body;
    }
    expect(state!.amendments).toEqual([
      { at: expect.any(String), kind: 'sheet_edit', by: [{ id: 'leader4', name: expect.any(String) }], targets: [{ targetId: targets[6], label: expect.any(String), changes: ['备注'] }], problems: [] },
    ]);
  });

  it('[DB6] a finding added after sign-off needs a decision; signing it is an amendment that creates its problem once', async () => {
    await addFinding(server, doc(), targets[7]!, 'f_late', '补充发现的问题');
    const r = await leader.post<{ findings: string[] }>(`/api/debriefs/${enc(doc())}/signoff`);
    expect([r.status, r.body.findings]).toEqual([409, ['f_late']]);
    expect((await leader.put(`/api/debriefs/${enc(doc())}/decisions/f_late`, { kind: 'assigned', unitId: 'u1', person: '赵六', measure: '限期整改', deadline: inDays(server, 2) })).status).toBe(200);
    const s = await leader.post<SignOffResult>(`/api/debriefs/${enc(doc())}/signoff`);
    expect(s.body).toMatchObject({ first: false, created: [s.body.problems.f_late] });
    const again = await leader.post<SignOffResult>(`/api/debriefs/${enc(doc())}/signoff`);
    expect(again.body.created).toEqual([]);
    const state = (await leader.get<DebriefState>(`/api/debriefs/${enc(doc())}`)).body;
    expect(state.amendments.filter((a) => a.kind === 'late_decisions')).toEqual([
      { at: expect.any(String), kind: 'late_decisions', by: [{ id: 'leader4', name: expect.any(String) }], targets: [{ targetId: targets[7], label: expect.any(String), changes: ['补充交办'] }], problems: [s.body.problems.f_late] },
    ]);
  });
});

describe('sign-off across instances', () => {
  it('[DB7] an inspector connected to another instance is locked out too: socket closed, edits no longer stored', async () => {
    const other = await startTestServer(redis.url);
    try {
      const docName = todaySheet(server, 'g5');
      const target = (await targetIds(server, docName))[0]!;
      const inspector = yclient(other.url, docName, (await login(other.url, 'inspector5a')).token);
      clients.push(inspector);
      await synced(inspector);
      const closes: number[] = [];
      inspector.provider.ws?.addEventListener('close', (e) => closes.push(e.code));
      const leader5 = client(server, (await login(server.url, 'leader5')).token);
      expect((await leader5.post(`/api/debriefs/${enc(docName)}/signoff`)).status).toBe(200);
      await until(() => closes.includes(CloseCode.accessChanged), 10_000, 'the other instance closed the inspector socket');
      inspector.provider.connect();
      await until(() => inspector.provider.wsconnected && inspector.provider.synced && !!inspector.doc.getMap('meta').get('signedOff'), 10_000, 'reconnected, read-only');
      noteOf(inspector.doc, target).insert(0, '签署后在另一实例上修改');
      await new Promise((r) => setTimeout(r, 400));
      const d = await other.ctx.rooms.snapshot(docName);
      expect(noteOf(d, target).toString()).toBe('');
      d.destroy();
    } finally {
      await other.close();
    }
  });
});

describe('the three lists as .xlsx', () => {
  async function workbook(path: string, token?: string): Promise<ExcelJS.Worksheet> {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token ?? (await login(server.url, 'admin')).token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    return wb.worksheets[0]!;
  }

  it('[LX1] opens back with the title row, the seed table headers and one row per filtered problem, cell by cell', async () => {
    const list = (await admin.get<{ problems: ProblemView[] }>('/api/problems?unit=u2')).body.problems;
    expect(list.length).toBe(2);
    const ws = await workbook('/api/problems/export.xlsx?list=rectification&unit=u2');
    expect(String(ws.getCell('A1').value)).toMatch(/督查发现问题整改清单$/);
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(ws.getRow(2).values).toEqual([undefined, ...LEDGER_HEADERS]);
    list.forEach((p, i) => {
      const row = ws.getRow(3 + i);
      const cells = Array.from({ length: 11 }, (_, c) => row.getCell(c + 1).value);
      expect(cells).toEqual([i + 1, p.townshipName, p.villageName, p.description, p.category === 'funds' ? '资金使用' : '精准帮扶', p.measure, p.unitName, p.person, p.deadline, '', '已交办']);
    });
    const footer = String(ws.getRow(3 + list.length).getCell(1).value);
    expect(footer).toMatch(/共 2 条/);
    expect(footer).toMatch(/责任单位:/);
    expect(ws.rowCount).toBe(3 + list.length);
  });

  it('[LX2] a unit’s export holds only its own problems; progress and state columns follow the history', async () => {
    const unit = client(server, (await login(server.url, 'unit1')).token);
    const mine = (await unit.get<{ problems: ProblemView[] }>('/api/problems')).body.problems;
    const id = mine[0]!.id;
    await unit.post(`/api/problems/${id}/transitions`, { action: 'start', note: '已部署' });
    const ws = await workbook('/api/problems/export.xlsx', (await login(server.url, 'unit1')).token);
    expect(ws.rowCount).toBe(2 + mine.length + 1);
    const units = Array.from({ length: mine.length }, (_, i) => ws.getRow(3 + i).getCell(7).value);
    expect(new Set(units)).toEqual(new Set([mine[0]!.unitName]));
    const row = Array.from({ length: mine.length }, (_, i) => ws.getRow(3 + i)).find((r) => r.getCell(4).value === mine[0]!.description)!;
    expect(row.getCell(10).value).toMatch(/^\d{2}-\d{2} 开始整改:已部署$/);
    expect(row.getCell(11).value).toBe('整改中');
  });
});
