/**
 * Publishing the day's draw end to end, on a real server and Redis: the lists reach every
 * group's sheet (read through a stock y-websocket client), the server and the command line both
 * reproduce them, a re-draw keeps typed work and needs a reason, and tampering is caught.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SheetInfo } from '../../shared/api';
import type { DrawsResponse, DrawView, VerifyReport } from '../../shared/drawApi';
import { sheetDocName } from '../../shared/sheet';
import { drawKeys } from '../../server/draws/keys';
import type { RunningServer } from '../../server/server';
import { client, today } from '../helpers/ledger';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, until, yclient, type YClient } from '../helpers/yclient';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

let redis: TestRedis;
let server: RunningServer;
let admin: ReturnType<typeof client>;
let adminToken = '';
let inspectorToken = '';
const clients: YClient[] = [];

/** `npm run -s draw:verify` against the test Redis: exit code and output. */
async function cliVerify(date: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'scripts/draw-verify.ts', '--date', date], { cwd: root, env: { ...process.env, REDIS_URL: redis.url } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

async function sheetClient(groupId: string, token: string): Promise<YClient> {
  const c = yclient(server.url, sheetDocName(groupId, today(server)), token);
  clients.push(c);
  await synced(c);
  return c;
}

/** Waits until the server's copy of a sheet satisfies `check` (the client's edits arrived). */
async function serverSees(docName: string, check: (targets: Y.Map<Y.Map<unknown>>) => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const doc = await server.ctx.rooms.snapshot(docName);
    const ok = check(doc.getMap<Y.Map<unknown>>('targets'));
    doc.destroy();
    if (ok) return;
  }
  throw new Error(`${docName}: the server never saw the edit`);
}

const targetsOf = (c: YClient) => c.doc.getMap<Y.Map<unknown>>('targets');
const idsOf = (d: DrawView, groupId: string) => d.result.groups.find((g) => g.groupId === groupId)!.targets.map((t) => t.id);

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  adminToken = (await login(server.url, 'admin')).token;
  admin = client(server, adminToken);
  inspectorToken = (await login(server.url, 'inspector1a')).token;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await redis?.cleanup();
});

describe('publishing and verifying a day’s draw', () => {
  let first: DrawView;
  let typedId = '';

  it('[DR1][DR2] publishing fills every group’s sheet with its drawn targets, replacing the untouched provisional list', async () => {
    const date = today(server);
    // An inspector types on a provisional target before the county office publishes.
    const mine = await sheetClient('g1', inspectorToken);
    const provisional = [...targetsOf(mine).keys()];
    typedId = provisional.at(-1)!;
    (targetsOf(mine).get(typedId)!.get('note') as Y.Text).insert(0, '户主外出务工,已电话联系。');
    await serverSees(sheetDocName('g1', date), (t) => (t.get(typedId)?.get('note') as Y.Text).length > 0);

    const r = await admin.post<{ draw: DrawView }>(`/api/draws/${date}/publish`, {});
    expect(r.status).toBe(201);
    first = r.body.draw;
    expect(first).toMatchObject({ seq: 1, date, reason: null, supersedes: null, publishedBy: { name: expect.any(String) } });
    expect(first.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(first.result.groups.map((g) => g.groupId)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);

    const sheets = (await admin.get<SheetInfo[]>(`/api/sheets?date=${date}`)).body;
    for (const g of first.result.groups) {
      const c = g.groupId === 'g1' ? mine : await sheetClient(g.groupId, (await login(server.url, `inspector${g.groupId.slice(1)}a`)).token);
      await until(() => c.doc.getMap('meta').get('drawSeq') === 1, 10_000, `${g.groupId} shows draw 1`);
      const onSheet = targetsOf(c);
      for (const t of g.targets) expect(onSheet.get(t.id)?.get('refId'), t.id).toBe(t.refId);
      expect(c.doc.getMap('meta').toJSON()).toMatchObject({ source: 'draw', seed: first.seed, quotas: g.quotas, drawnAt: first.publishedAt });
      // Nothing else is left but typed work: the provisional list is gone.
      const drawn = new Set(g.targets.map((t) => t.id));
      for (const [id, m] of onSheet) if (!drawn.has(id)) expect([id, m.get('superseded')]).toEqual([typedId, true]);
      expect(sheets.find((s) => s.groupId === g.groupId)!.targets).toBe(onSheet.size);
    }
    expect((targetsOf(mine).get(typedId)!.get('note') as Y.Text).toString()).toBe('户主外出务工,已电话联系。');
  });

  it('[DR4][DR5] the verify API, `npm run -s draw:verify` and a replay of the stored input all reproduce the published draw', async () => {
    const date = today(server);
    const report = (await admin.get<VerifyReport>(`/api/draws/${date}/verify`)).body;
    expect(report).toMatchObject({ ok: true, differences: [], draws: [{ seq: 1, ok: true, resultHash: first.resultHash }] });
    // Anyone holding the stored input replays it offline with the stock `draw` command.
    const input = await fetch(`${server.url}/api/draws/${date}/input?seq=1`, { headers: { authorization: `Bearer ${adminToken}` } });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'suicha-draw-input-')), 'input.json');
    writeFileSync(file, await input.text());
    const [cli, replay] = await Promise.all([cliVerify(date), exec(process.execPath, ['--import', 'tsx', 'scripts/draw.ts', '--input', file], { cwd: root, maxBuffer: 16 * 2 ** 20 })]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('#1');
    expect(cli.stdout).toContain('OK');
    expect(createHash('sha256').update(replay.stdout.trimEnd()).digest('hex')).toBe(first.resultHash);
    rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('[DR3] a re-draw without a written reason is refused with 400 naming `reason`', async () => {
    const r = await admin.post<{ error: string; field: string; message: string }>(`/api/draws/${today(server)}/publish`, { reason: '   ' });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('reason');
    expect(r.body.message).toContain('reason');
  });

  it('[DR2][DR3] a re-draw with a reason keeps typed work, removes untouched superseded targets, and both draws stay visible', async () => {
    const date = today(server);
    const mine = await sheetClient('g1', inspectorToken);
    // Work on a target of the first draw: a note on one, a checked mark on another.
    const [noted, checked] = idsOf(first, 'g1');
    (targetsOf(mine).get(noted!)!.get('note') as Y.Text).insert(0, '门窗已清洁。');
    targetsOf(mine).get(checked!)!.set('checkedAt', new Date().toISOString());
    await serverSees(sheetDocName('g1', date), (t) => (t.get(noted!)?.get('note') as Y.Text).length > 0 && !!t.get(checked!)?.get('checkedAt'));

    const r = await admin.post<{ draw: DrawView }>(`/api/draws/${date}/publish`, { reason: '登记数据更新后重新抽取' });
    expect(r.status).toBe(201);
    const second = r.body.draw;
    expect(second).toMatchObject({ seq: 2, supersedes: 1, reason: '登记数据更新后重新抽取' });
    expect(second.seed).not.toBe(first.seed);

    await until(() => mine.doc.getMap('meta').get('drawSeq') === 2, 10_000, 'g1 shows draw 2');
    const onSheet = targetsOf(mine);
    const now = new Set(idsOf(second, 'g1'));
    for (const id of now) expect(onSheet.has(id), id).toBe(true);
    expect((onSheet.get(noted!)!.get('note') as Y.Text).toString()).toBe('门窗已清洁。');
    expect(onSheet.get(checked!)).toBeDefined();
    for (const id of [noted!, checked!, typedId]) expect(onSheet.get(id)!.get('superseded') ?? false).toBe(!now.has(id));
    // typedId (worked on in an earlier test) may also have been drawn the first time: it was touched.
    for (const id of idsOf(first, 'g1')) if (![noted, checked, typedId].includes(id) && !now.has(id)) expect(onSheet.has(id), `${id} untouched and superseded`).toBe(false);

    const all = (await admin.get<DrawsResponse>(`/api/draws/${date}`)).body.draws;
    expect(all.map((d) => [d.seq, d.supersededBy])).toEqual([
      [1, 2],
      [2, null],
    ]);
    expect((await admin.get<VerifyReport>(`/api/draws/${date}/verify`)).body.ok).toBe(true);
  });

  it('[DR4] a drawn target removed from a sheet is reported, and filling again puts it back', async () => {
    const date = today(server);
    const docName = sheetDocName('g2', date);
    const draw = (await admin.get<DrawsResponse>(`/api/draws/${date}`)).body.draws.at(-1)!;
    const gone = idsOf(draw, 'g2')[0]!;
    await server.ctx.rooms.change(docName, (doc) => doc.getMap('targets').delete(gone));
    const report = (await admin.get<VerifyReport>(`/api/draws/${date}/verify`)).body;
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([expect.objectContaining({ seq: 2, code: 'sheet_target_missing', groupId: 'g2', message: expect.stringContaining(gone) })]);
    expect((await admin.post(`/api/draws/${date}/fill`)).status).toBe(200);
    expect((await admin.get<VerifyReport>(`/api/draws/${date}/verify`)).body.ok).toBe(true);
  });

  it('[DR4] a target changed in the stored audit log is reported by the verify API and makes the command exit 1', async () => {
    const date = today(server);
    const key = drawKeys.log(date);
    const entries = (await server.ctx.redis.xRange(key, '-', '+')) ?? [];
    const last = entries.at(-1)!;
    const result = JSON.parse(last.message.result!);
    const victim = result.groups[0].targets[0];
    victim.label = '被篡改的户';
    // Rewrite the stream as a tamperer with Redis access would: same ids, one field changed.
    await server.ctx.redis.del(key);
    for (const e of entries) await server.ctx.redis.xAdd(key, e.id, e === last ? { ...e.message, result: JSON.stringify(result) } : e.message);

    const report = (await admin.get<VerifyReport>(`/api/draws/${date}/verify`)).body;
    expect(report.ok).toBe(false);
    expect(report.draws).toEqual([expect.objectContaining({ seq: 1, ok: true }), expect.objectContaining({ seq: 2, ok: false })]);
    const codes = report.differences.map((d) => d.code);
    expect(codes).toContain('result_hash');
    expect(report.differences).toContainEqual(expect.objectContaining({ code: 'result', groupId: result.groups[0].groupId, message: expect.stringContaining(`${victim.id} label`) }));

    const cli = await cliVerify(date);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('DIFFERENT');
    expect(cli.stdout).toContain(victim.id);
  });
});
