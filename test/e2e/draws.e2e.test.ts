/**
 * The daily draw in the browser (Debian Chromium): the county office previews and publishes the
 * day's lists; an inspector's sheet then shows the draw's seed, and "verify" answers ✓.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { DrawsResponse } from '../../shared/drawApi';
import type { RunningServer } from '../../server/server';
import { launch, LAPTOP, loginUi, newContext, PHONE } from '../helpers/browser';
import { client, today } from '../helpers/ledger';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';

let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await redis?.cleanup();
});

describe('the daily draw in the browser', () => {
  it('the county office previews the lists, then publishes them', async () => {
    const ctx = await newContext(browser, server.url, LAPTOP);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'admin');
    await page.getByTestId('nav-draws').click();
    await page.getByTestId('draws-none').waitFor();

    await page.getByTestId('draw-preview').click();
    await page.getByTestId('draw-preview-result').waitFor();
    expect(await page.locator('[data-testid=draw-preview-result] [data-testid=draw-group]').count()).toBe(6);
    await expect.poll(() => page.locator('[data-testid=draw-preview-result]').textContent()).toContain('第一督查组');

    await page.getByTestId('draw-publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('published-ok').waitFor();
    const card = page.locator('[data-testid=draw-card][data-seq="1"]');
    await card.getByTestId('draw-in-force').waitFor();

    // The seed on the page is the one in the audit log.
    const admin = client(server, (await login(server.url, 'admin')).token);
    const [draw] = (await admin.get<DrawsResponse>(`/api/draws/${today(server)}`)).body.draws;
    expect(await card.getByTestId('draw-card-seed').getAttribute('data-value')).toBe(draw!.seed);

    // A re-draw asks for its reason before anything is sent.
    await page.getByTestId('draw-publish').click();
    await expect.poll(() => page.getByTestId('publish-error').textContent()).toContain('原因');
    expect((await admin.get<DrawsResponse>(`/api/draws/${today(server)}`)).body.draws).toHaveLength(1);
  });

  it('an inspector’s sheet shows the draw’s seed, and verify answers ✓', async () => {
    const ctx = await newContext(browser, server.url, PHONE);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'inspector1a');
    await page.getByTestId('sheet-link').first().click();
    const badge = page.getByTestId('draw-badge');
    await badge.waitFor();
    const admin = client(server, (await login(server.url, 'admin')).token);
    const [draw] = (await admin.get<DrawsResponse>(`/api/draws/${today(server)}`)).body.draws;
    expect(await badge.getByTestId('draw-seed').getAttribute('data-value')).toBe(draw!.seed);
    expect(await badge.getByTestId('draw-seed').textContent()).toBe(`${draw!.seed.slice(0, 8)}…`);

    await page.getByTestId('draw-verify').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('✓');
  });
});
