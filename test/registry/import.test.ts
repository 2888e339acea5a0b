/**
 * Importing the registry over HTTP: good files, files with each kind of error (reported on the
 * exact row and column, nothing written), encodings, the export → import round trip, rollback.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCounty } from '../../shared/demo/generate';
import type { Registry } from '../../shared/registry';
import { registryHash } from '../../server/registry/codec';
import { writeWorkbook } from '../../server/registry/sheets/write';
import type { RunningServer } from '../../server/server';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { call, csvText, HOUSEHOLD_HEADER, tableCsv, upload, utf8, withBom } from './fixtures';

let redis: TestRedis;
let server: RunningServer;
let token: string;
const demo = generateDemoCounty();

beforeAll(async () => {
  redis = await startTestRedis({ appendfsync: 'no' });
  server = await startTestServer(redis.url);
  token = (await login(server.url, 'admin')).token;
});

afterAll(async () => {
  await server?.close();
  await redis?.cleanup();
});

const currentHash = async () => (await server.ctx.registry.meta())!.hash;
const rows = (body: Awaited<ReturnType<typeof upload>>['body'], sheet: string) =>
  (body.report ?? []).filter((r) => r.sheet === sheet).map((r) => [r.row, r.column, r.code]);

describe('export → import', () => {
  it('the exported workbook imports back to the same registry (same content hash)', async () => {
    const before = await currentHash();
    expect(before).toBe(registryHash(demo));
    const res = await fetch(`${server.url}/api/admin/registry/export.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/\.xlsx/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const up = await upload(server.url, token, [{ name: '登记数据.xlsx', bytes }]);
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ ok: true, dryRun: false, counts: { households: demo.households.length }, version: { source: 'import', hash: before } });
    expect(await currentHash()).toBe(before);
  });

  it('each table exported as CSV imports back unchanged', async () => {
    const before = await currentHash();
    for (const table of ['households', 'villages', 'contacts', 'issues']) {
      const res = await fetch(`${server.url}/api/admin/registry/export/${table}.csv`, { headers: { authorization: `Bearer ${token}` } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const up = await upload(server.url, token, [{ name: `${table}.csv`, bytes }]);
      expect(up.body).toMatchObject({ ok: true, tables: [table] });
    }
    expect(await currentHash()).toBe(before);
  });
});

describe('a file with errors', () => {
  it('reports every households row with its column and rule, and writes nothing', async () => {
    const version = (await server.ctx.registry.meta())!.version;
    const body = [
      ['h1', 'v1', '张一', '一般农户', '', '', 3, '', '', '', 116.9, 31.4],
      ['h2', 'v9999', '张二', '一般农户', '', '', 3, '', '', '', 116.9, 31.4],
      ['h3', 'v1', '张三', '一般农户', '', '', 3, '', '', '', 120.5, 31.4],
      ['h1', 'v1', '张四', '一般农户', '', '', 3, '', '', '', 116.9, 31.4],
      ...[4, 5, 6, 7].map((n) => [`h${n}`, 'v1', `李${n}`, '已脱贫', 2017, '', 2, '因病', '健康脱贫', 'c1', 116.9, 31.4]),
      ['h8', 'v1', '王五', '困难户', '', '', 3, '', '', '', 116.9, 31.4],
      ['h9', 'v1', '赵六', '已脱贫', '', '', 3, '因学', '', 'c2', 116.9, 31.4],
      ['h10', 'v1', '钱七', '边缘户', '', '', 1, '', '', '', 116.9, 31.4],
      ['h11', 'v1', '孙八', '一般农户', '', '', 'abc', '', '', '', 116.9, 31.4],
      ['h12', 'v1', '周九', '一般农户', '', '', 3, '', '', '', 31.4, 116.9],
      ['h13', 'v1', '吴十', '一般农户', '', '', 3, '', '', '', 116.9, ''],
    ];
    const up = await upload(server.url, token, [{ name: 'households.csv', bytes: utf8(csvText([HOUSEHOLD_HEADER, ...body])) }]);
    expect(up.status).toBe(422);
    expect(up.body.ok).toBe(false);
    expect(rows(up.body, '农户')).toEqual([
      [3, '所属村编号', 'unknown_ref'],
      [4, '经度', 'outside_county'],
      [5, '户编号', 'duplicate_id'],
      [9, '帮扶责任人编号', 'contact_over_limit'],
      [10, '户类型', 'unknown_value'],
      [11, '脱贫年度', 'exit_year_required'],
      [12, '边缘户类型', 'edge_kinds_required'],
      [13, '家庭人口', 'not_a_number'],
      [14, '经度', 'outside_county'],
      [15, '纬度', 'coordinates_pair'],
    ]);
    const report = up.body.report!;
    expect(report.find((r) => r.row === 5)).toMatchObject({ file: 'households.csv', params: { value: 'h1', firstRow: 2 } });
    expect(report.find((r) => r.row === 9)).toMatchObject({ params: { value: 'c1', count: 4, max: 3 }, message: expect.stringContaining('超过') });
    expect(report.find((r) => r.row === 14)).toMatchObject({ params: { swapped: 1 }, message: expect.stringContaining('填反') });
    // Feedback issues already stored name households this file drops: shown as existing data.
    expect(report.some((r) => r.sheet === '反馈问题(现有数据)' && r.code === 'unknown_ref')).toBe(true);
    expect((await server.ctx.registry.meta())!.version).toBe(version);
  });

  it('reports problems across the sheets of a workbook on their rows', async () => {
    const bad: Registry = structuredClone(demo);
    bad.villages[4]!.townshipId = 't99';
    bad.groups[1]!.townshipIds.push(bad.groups[0]!.townshipIds[0]!);
    const elsewhere = bad.households.find((h) => h.villageId !== bad.issues[0]!.villageId)!;
    bad.issues[0]!.householdId = elsewhere.id;
    bad.contacts[2]!.name = '';
    bad.households[10]!.location = { lng: 118, lat: 31.4 };
    const bytes = await writeWorkbook(bad, [{ username: 'newbie', name: '新成员', groupId: 'g99', role: 'inspector' }]);
    const up = await upload(server.url, token, [{ name: 'county.xlsx', bytes }]);
    expect(up.status).toBe(422);
    expect(rows(up.body, '村')).toEqual([[6, '所属乡镇编号', 'unknown_ref']]);
    expect(rows(up.body, '农户')).toEqual([[12, '经度', 'outside_county']]);
    expect(rows(up.body, '帮扶责任人')).toEqual([[4, '姓名', 'required']]);
    expect(rows(up.body, '督查组')).toEqual([[3, '驻点乡镇编号', 'township_in_two_groups']]);
    expect(rows(up.body, '督查组成员')).toEqual([[2, '督查组编号', 'unknown_ref']]);
    expect(rows(up.body, '反馈问题')).toEqual([[2, '涉及农户编号', 'household_not_in_village']]);
    expect(up.body.errorCount).toBe(6);
  });

  it('names a missing column and an unknown sheet', async () => {
    const up = await upload(server.url, token, [
      { name: 'households.csv', bytes: utf8(csvText([HOUSEHOLD_HEADER.filter((h) => h !== '户主姓名'), ['h1', 'v1']])) },
      { name: 'notes.csv', bytes: utf8('备注,内容\r\n一,二\r\n') },
    ]);
    expect(up.status).toBe(422);
    expect(up.body.report).toEqual([
      expect.objectContaining({ file: 'households.csv', sheet: '农户', row: 1, code: 'missing_column', params: { value: '户主姓名' } }),
      expect.objectContaining({ file: 'notes.csv', row: null, code: 'unknown_table' }),
    ]);
  });
});

describe('encodings', () => {
  const householdsText = () => tableCsv('households', demo);

  it('reads a GBK CSV (as Chinese Excel saves it) correctly', async () => {
    const bytes = iconv.encode(householdsText(), 'gbk');
    const up = await upload(server.url, token, [{ name: '农户.csv', bytes }]);
    expect(up.body).toMatchObject({ ok: true, files: [{ name: '农户.csv', encoding: 'gb18030' }] });
    expect(await currentHash()).toBe(registryHash(demo));
  });

  it('reads a UTF-8 CSV with a byte-order mark correctly', async () => {
    const up = await upload(server.url, token, [{ name: 'households.csv', bytes: withBom(householdsText()) }], '?dryRun=1');
    expect(up.body).toMatchObject({ ok: true, dryRun: true, files: [{ encoding: 'utf-8-bom' }] });
  });

  it('refuses bytes that are no known text encoding with a message saying how to save the file', async () => {
    const garbage = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 251);
    const up = await upload(server.url, token, [{ name: 'households.csv', bytes: garbage }]);
    expect(up.status).toBe(422);
    expect(up.body.report).toEqual([expect.objectContaining({ code: 'bad_encoding', message: expect.stringContaining('CSV UTF-8') })]);
  });

  it('refuses an old .xls workbook clearly', async () => {
    const up = await upload(server.url, token, [{ name: 'old.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }]);
    expect(up.body.report).toEqual([expect.objectContaining({ code: 'bad_file', message: expect.stringContaining('.xls') })]);
  });
});

describe('rollback', () => {
  it('an import that replaces data can be rolled back to the version before it', async () => {
    const before = await server.ctx.registry.meta();
    const changed = structuredClone(demo);
    changed.villages[0]!.name = '改名村';
    const up = await upload(server.url, token, [{ name: 'villages.csv', bytes: utf8(tableCsv('villages', changed)) }]);
    expect(up.body).toMatchObject({ ok: true, previous: { version: before!.version } });
    expect((await server.ctx.registry.load())!.villages[0]!.name).toBe('改名村');
    const rb = await call(server.url, token, 'POST', '/api/admin/registry/rollback', {});
    expect(rb.status).toBe(200);
    expect(rb.body).toMatchObject({ source: 'restore', hash: before!.hash });
    expect((await server.ctx.registry.load())!.villages[0]!.name).toBe(demo.villages[0]!.name);
    const versions = await call(server.url, token, 'GET', '/api/admin/registry/versions');
    expect(versions.body.slice(0, 2).map((v: { source: string }) => v.source)).toEqual(['restore', 'import']);
    const audit = await call(server.url, token, 'GET', '/api/admin/audit?limit=5');
    expect(audit.body.items[0]).toMatchObject({ action: 'rollback', by: 'admin', entity: 'registry' });
  });
});
