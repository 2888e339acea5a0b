/**
 * The county office loads its own county (issue 5, "done when"): the admin downloads the
 * template in the browser, fills it in, uploads it with two mistakes, reads the row report,
 * fixes the rows, imports; the next day's sheets are then drawn from the new county.
 * SHOTS=<dir> also saves screenshots of the report at laptop and phone size.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, dayInZone } from '../../shared/dates';
import { tableRows } from '../../shared/registryTable/rows';
import { SHEETS } from '../../shared/registryTable/sheets';
import { sheetDocName } from '../../shared/sheet';
import ExcelJS from '../../server/registry/sheets/exceljs';
import { silentLogger } from '../../server/logger';
import type { RunningServer } from '../../server/server';
import { ensureDaySheets } from '../../server/sheets/daily';
import { launch, LAPTOP, loginUi, newContext, PHONE } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, yclient } from '../helpers/yclient';
import { call } from '../registry/fixtures';
import { smallCounty } from '../registry/county';

let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
let ctx: BrowserContext;

beforeAll(async () => {
  redis = await startTestRedis({ appendfsync: 'no' });
  server = await startTestServer(redis.url);
  browser = await launch();
  ctx = await newContext(browser, server.url, { ...LAPTOP, acceptDownloads: true });
});

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await redis?.cleanup();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The downloaded template with the county's rows typed into each sheet. */
async function fill(template: Buffer, mistakes: boolean): Promise<Buffer> {
  const { registry, members } = smallCounty();
  if (mistakes) {
    registry.villages[1]!.location = { lng: 120.5, lat: 30.15 }; // 村, row 3: outside the county
    registry.households[34]!.villageId = 'V09'; // 农户, row 36: no such village
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  for (const def of SHEETS) {
    const ws = wb.getWorksheet(def.sheet)!;
    for (const row of tableRows(def.key, registry, members).rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(page: Page, bytes: Buffer): Promise<void> {
  await page.getByTestId('import-input').setInputFiles({ name: '新安县登记数据.xlsx', mimeType: XLSX, buffer: bytes });
  await page.getByTestId('import-submit').click();
}

describe('a county office loads its own county', () => {
  it('downloads the template, sees the row report, fixes the rows, imports; tomorrow’s sheets use the new county', { timeout: 120_000 }, async () => {
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'admin');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-card-import').click();
    await page.waitForURL(/\/admin\/import$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-template').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const template = readFileSync((await download.path())!);
    expect([...template.subarray(0, 2)]).toEqual([0x50, 0x4b]);

    await upload(page, await fill(template, true));
    await page.getByTestId('import-report').waitFor({ timeout: 60_000 });
    const rows = await page.getByTestId('report-row').evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.row, (e as HTMLElement).dataset.column, (e as HTMLElement).dataset.code]));
    expect(rows).toEqual([
      ['3', '经度', 'outside_county'],
      ['36', '所属村编号', 'unknown_ref'],
    ]);
    await expect(page.getByTestId('import-report').innerText()).resolves.toContain('不在本县范围内');
    if (process.env.SHOTS) {
      await page.screenshot({ path: path.join(process.env.SHOTS, 'import-report-laptop.png'), fullPage: true });
      await page.setViewportSize(PHONE.viewport);
      await page.screenshot({ path: path.join(process.env.SHOTS, 'import-report-phone.png'), fullPage: true });
      await page.setViewportSize(LAPTOP.viewport);
    }
    // Nothing was written: still the demo county.
    expect((await server.ctx.registry.load())!.county.name).not.toBe('新安县');

    await upload(page, await fill(template, false));
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('import-result').innerText()).resolves.toMatch(/已导入，当前为版本 \d+/);
    await expect(page.getByTestId('import-accounts').innerText()).resolves.toContain('wangxiao');
    if (process.env.SHOTS) await page.screenshot({ path: path.join(process.env.SHOTS, 'import-done-laptop.png'), fullPage: true });
    const registry = (await server.ctx.registry.load())!;
    expect(registry.county.name).toBe('新安县');
    expect(registry.households).toHaveLength(120);

    // Tomorrow's sheets come from the new county's groups, townships and households.
    const tomorrow = addDays(dayInZone(new Date(), 'Asia/Shanghai'), 1);
    const deps = { redis: server.ctx.redis, registry: server.ctx.registry, sheets: server.ctx.sheets, rooms: server.ctx.rooms, log: silentLogger };
    expect(await ensureDaySheets(deps, tomorrow)).toBe(2);
    expect((await server.ctx.sheets.forDay(tomorrow)).map((s) => s.groupName)).toEqual(['东山督查组', '南岭督查组']);
    const { token } = await login(server.url, 'leader1');
    const mine = await call(server.url, token, 'GET', `/api/sheets?date=${tomorrow}`);
    expect(mine.body).toEqual([expect.objectContaining({ groupId: 'g1', groupName: '东山督查组', access: 'write' })]);
    const y = yclient(server.url, sheetDocName('g1', tomorrow), token);
    await synced(y);
    const refs = [...y.doc.getMap('targets').values()].map((t) => String((t as { get(k: string): unknown }).get('refId')));
    y.destroy();
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => /^(H\d{4}|V0[12]|I0\d)$/.test(r))).toBe(true);
  });
});
