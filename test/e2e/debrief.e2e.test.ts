/**
 * The whole round in Debian Chromium: the leader debriefs in the browser and assigns a problem;
 * the unit (on a phone) starts and reports it rectified; a later day's sheet carries it as a
 * re-visit target, answered 销号 and signed off — and only then is it closed. The nightly
 * summary (fake clock) reaches a webhook and the command centre, with its spreadsheet.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemView } from '../../shared/problems/types';
import { ledger } from '../../server/ledger';
import { silentLogger } from '../../server/logger';
import type { RunningServer } from '../../server/server';
import { NightlyScheduler } from '../../server/summary/scheduler';
import { launch, LAPTOP, loginUi, newContext, PHONE } from '../helpers/browser';
import { addFinding, answerRevisit, client, inDays, targetIds, today, todaySheet } from '../helpers/ledger';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';

let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
let receiver: http.Server;
const received: Record<string, unknown>[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  server = await startTestServer(redis.url, {
    // The server's own schedule stays out of the way (1 January); the test drives a scheduler with a fake clock.
    summary: { cron: '0 0 1 1 *', webhooks: [{ id: 'command', kind: 'json', url }], timeoutMs: 2000, retryBaseMs: 100, retryMaxMs: 1000, maxAttempts: 10 },
  });
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  await redis?.cleanup();
});

async function open(user: string, size: typeof LAPTOP | typeof PHONE): Promise<Page> {
  const ctx = await newContext(browser, server.url, size);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await loginUi(page, server.url, user);
  return page;
}

const state = (page: Page) => page.getByTestId('problem-state').first().getAttribute('data-state');

// Browser steps with logins (argon2) share two cores with the other test files: allow a minute each.
describe('debrief to 回访销号 in the browser', { timeout: 60_000 }, () => {
  let problemId = '';

  it('the leader decides each finding in the debrief and signs the day off (a double click signs once)', async () => {
    const doc = todaySheet(server);
    const [t0, t1] = await targetIds(server, doc);
    await addFinding(server, doc, t0!, 'f_e2e_1', '帮扶联系人本周未走访,记录为补填');
    await addFinding(server, doc, t1!, 'f_e2e_2', '门前柴草乱堆', 'policy');

    const page = await open('leader1', LAPTOP);
    await page.getByTestId('today-debrief-link').click();
    await page.getByTestId('debrief-page').waitFor();
    const cards = page.getByTestId('debrief-finding');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(2);

    const assign = page.locator('[data-finding="f_e2e_1"]');
    await assign.getByTestId('open-assign').click();
    await assign.getByTestId('assign-unit').selectOption('u1');
    await assign.getByTestId('assign-person').fill('李主任');
    await assign.getByTestId('assign-deadline').fill(inDays(server, 3));
    await assign.getByTestId('assign-measure').fill('三日内补齐走访并如实记录');
    await assign.getByTestId('decision-save').click();
    await expect.poll(() => assign.getAttribute('data-decision')).toBe('assigned');

    const solved = page.locator('[data-finding="f_e2e_2"]');
    await solved.getByTestId('open-solved').click();
    await solved.getByTestId('solved-note').fill('已当场督促户主清理');
    await solved.getByTestId('decision-save').click();
    await expect.poll(() => solved.getAttribute('data-decision')).toBe('solved');

    await page.getByTestId('signoff').dblclick();
    await page.locator('[data-testid="signoff-bar"][data-signed="yes"]').waitFor({ timeout: 15_000 });
    const link = assign.getByTestId('finding-problem-link');
    await link.waitFor();
    problemId = (await link.getAttribute('href'))!.split('/').pop()!;
    const admin = client(server, (await login(server.url, 'admin')).token);
    const all = (await admin.get<{ problems: ProblemView[] }>('/api/problems')).body.problems;
    expect(all.map((p) => p.id)).toEqual([problemId]);
    expect(all[0]!.history.filter((t) => t.action === 'assign')).toHaveLength(1);
  });

  it('the unit, on its phone, starts and reports the rectification; it then waits for a re-visit', async () => {
    const page = await open('unit1', PHONE);
    await page.getByTestId('problems-page').waitFor();
    await page.locator(`[data-testid="problem-card"][data-problem="${problemId}"]`).click();
    await page.getByTestId('problem-page').waitFor();
    await page.getByTestId('act-start').click();
    await page.getByTestId('act-submit').click();
    await expect.poll(() => state(page)).toBe('rectifying');
    await page.getByTestId('act-report').click();
    await page.getByTestId('act-note').fill('已补齐走访记录,帮扶责任人已入户');
    await page.getByTestId('act-evidence').fill('走访记录表已归档户袋\nhttps://example.org/photo/1.jpg');
    await page.getByTestId('act-submit').click();
    await expect.poll(() => state(page)).toBe('awaiting_revisit');
    await page.getByTestId('awaiting-note').waitFor();
    // Nothing the unit can press closes it.
    expect(await page.getByTestId('problem-actions').locator('button[data-testid^="act-"]').count()).toBe(0);
  });

  it('a later day’s re-visit answered 销号 and signed off in the browser closes it', async () => {
    const admin = client(server, (await login(server.url, 'admin')).token);
    const r = await admin.post<{ docName: string; targetId: string }>(`/api/problems/${problemId}/revisit`, { groupId: 'g1', date: inDays(server, 1) });
    expect(r.status).toBe(200);
    await answerRevisit(server, r.body.docName, r.body.targetId, 'close');

    const page = await open('leader1', LAPTOP);
    await page.goto(`/debrief/${encodeURIComponent(r.body.docName)}`);
    const revisit = page.locator(`[data-testid="revisit"][data-problem="${problemId}"]`);
    await expect.poll(() => revisit.getByTestId('revisit-status').textContent(), { timeout: 15_000 }).toBe('签署后销号');
    await page.getByTestId('signoff').click();
    await expect.poll(() => revisit.getByTestId('revisit-status').textContent(), { timeout: 15_000 }).toBe('已销号');

    const unit = await open('unit1', PHONE);
    await unit.goto(`/problems/${problemId}`);
    await expect.poll(() => state(unit), { timeout: 10_000 }).toBe('closed');
    expect(await unit.locator('[data-testid="history-entry"][data-action="verify"]').count()).toBe(1);
  });

  it('the nightly summary reaches the webhook once and the command centre, with its spreadsheet', async () => {
    const day = today(server);
    const scheduler = new NightlyScheduler({
      redis: server.ctx.redis,
      cron: '30 21 * * *',
      zone: server.ctx.config.dayZone,
      now: () => new Date(`${day}T21:30:05+08:00`),
      log: silentLogger,
      instanceId: 'e2e',
      isDone: (d) => ledger(server.ctx).summaries.isDone(d),
      run: async (d) => void (await ledger(server.ctx).summaries.run(d)),
    });
    expect(await scheduler.tick()).toBe('ran');
    expect(await scheduler.tick()).toBe('done');
    // The server's own scheduler may also have sent a day whose 21:30 is within its catch-up window.
    const mine = () => received.filter((b) => b.date === day);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(1);
    expect(mine()[0]).toMatchObject({ type: 'suicha.daily_summary', date: day, summary: { totals: { opened: 1, closedByRevisit: 1, findings: 2 } } });

    const page = await open('command', LAPTOP);
    await page.goto('/summaries');
    await page.locator(`[data-testid="summary-day"][data-date="${day}"]`).click();
    await page.locator(`[data-testid="summary-view"][data-date="${day}"]`).waitFor();
    expect(await page.getByTestId('total-opened').textContent()).toBe('1');
    expect(await page.getByTestId('total-closed').textContent()).toBe('1');
    expect(await page.getByTestId('deliveries').textContent()).toContain('command');

    const res = await page.request.get(`/api/summaries/${day}.xlsx`);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按督查组', '按乡镇', '按检查类别', '今日交办', '回访销号', '逾期问题']);
    const groups = wb.getWorksheet('按督查组')!;
    expect(String(groups.getCell('A1').value)).toMatch(/督查日报 .* · 按督查组$/);
    expect(groups.getRow(2).getCell(2).value).toBe('督查组');
    const g1 = groups.getRow(3);
    expect([g1.getCell(2).value, g1.getCell(3).value, g1.getCell(10).value, g1.getCell(11).value, g1.getCell(12).value]).toEqual(['第一督查组', '已签署', 2, 1, 1]);
    const opened = wb.getWorksheet('今日交办')!;
    expect(opened.getRow(3).getCell(3).value).toBe('帮扶联系人本周未走访,记录为补填');
  });
});
