/**
 * Two inspectors in two browsers (Debian Chromium) co-edit one target's note; one goes offline,
 * keeps typing, reloads with no network, comes back, and both converge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../server/server';
import { launch, LAPTOP, loginUi, newContext, PHONE } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer } from '../helpers/server';

let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function openFirstTarget(ctx: BrowserContext, user: string): Promise<Page> {
  const page = await ctx.newPage();
  await loginUi(page, server.url, user);
  await page.getByTestId('sheet-link').first().click();
  await page.getByTestId('target-row').first().click();
  await page.getByTestId('note-input').waitFor();
  await expectConn(page, 'online');
  return page;
}

async function expectConn(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector('[data-testid="conn-state"]')?.getAttribute('data-state') === s,
    state,
    { timeout },
  );
}

/** Types at the end of the note, as a person would. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  const note = page.getByTestId('note-input');
  await note.click();
  await note.press('End');
  await page.keyboard.type(text, { delay: 5 });
}

beforeAll(async () => {
  redis = await startTestRedis();
  // Port 0 is fine: the browser treats 127.0.0.1 as a secure context, so the service worker works.
  server = await startTestServer(redis.url);
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await redis?.cleanup();
});

describe('co-editing in the browser', () => {
  it('two inspectors type in one target’s note and each sees the other’s words', async () => {
    const a = await newContext(browser, server.url, LAPTOP);
    const b = await newContext(browser, server.url, PHONE);
    contexts.push(a, b);
    const pa = await openFirstTarget(a, 'inspector1a');
    const pb = await openFirstTarget(b, 'inspector1b');
    await typeAtEnd(pa, '户主在家。');
    await typeAtEnd(pb, '门窗干净。');
    for (const p of [pa, pb]) {
      await expect.poll(() => p.getByTestId('note-input').inputValue(), { timeout: 10_000 }).toContain('户主在家。');
      await expect.poll(() => p.getByTestId('note-input').inputValue(), { timeout: 10_000 }).toContain('门窗干净。');
    }
    // Presence: each sees the other on the sheet.
    await expect.poll(() => pa.getByTestId('presence-user').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  });

  it('an inspector goes offline, keeps editing, reloads with no network, reconnects, and both converge', async () => {
    const a = await newContext(browser, server.url, PHONE);
    const b = await newContext(browser, server.url, LAPTOP);
    contexts.push(a, b);
    const pa = await openFirstTarget(a, 'inspector1a');
    const pb = await openFirstTarget(b, 'inspector1b');
    // The service worker must control the page before the network goes away.
    await pa.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await pa.reload();
    await pa.getByTestId('note-input').waitFor();
    await pa.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 15_000 });

    await a.setOffline(true);
    await expectConn(pa, 'offline');
    await typeAtEnd(pa, '离线记录:厨房不净。');
    await expect.poll(async () => Number(await pa.getByTestId('unsent-count').getAttribute('data-count')), { timeout: 5_000 }).toBeGreaterThan(0);
    // Meanwhile the other inspector keeps working online.
    await typeAtEnd(pb, '在线补充:已电话联系。');

    // Reload with no network: the shell comes from the service worker, the note from IndexedDB.
    await pa.reload();
    await pa.getByTestId('note-input').waitFor({ timeout: 15_000 });
    await expect.poll(() => pa.getByTestId('note-input').inputValue(), { timeout: 10_000 }).toContain('离线记录:厨房不净。');
    await expect(pb.getByTestId('note-input').inputValue()).resolves.not.toContain('离线记录');

    await a.setOffline(false);
    await expectConn(pa, 'online', 20_000);
    for (const p of [pa, pb]) {
      await expect.poll(() => p.getByTestId('note-input').inputValue(), { timeout: 15_000 }).toContain('离线记录:厨房不净。');
      await expect.poll(() => p.getByTestId('note-input').inputValue(), { timeout: 15_000 }).toContain('在线补充:已电话联系。');
    }
    expect(await pa.getByTestId('note-input').inputValue()).toBe(await pb.getByTestId('note-input').inputValue());
  });
});
