/**
 * [MP8] Members' live positions in Debian Chromium: an inspector's phone with geolocation already
 * granted (playwright context, fixed position) opens the sheet; the command centre shows that
 * member's marker and panel entry as a reported position within seconds, and follows a move of
 * more than 100 m before the minute is up. Offline, only the latest fix is kept and sent on
 * reconnect with its own time. Stopping for today
 * stops the reports. A phone that never granted geolocation is never asked and shares nothing.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_MIN_GAP_MS, type ReportedPosition } from '../../shared/coverage/positions';
import { dayInZone } from '../../shared/dates';
import { sheetDocName } from '../../shared/sheet';
import { positionKey } from '../../server/coverage/positions';
import { coverageFor } from '../../server/coverage/service';
import type { RunningServer } from '../../server/server';
import { launch, LAPTOP, loginUi, newContext, PHONE } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer } from '../helpers/server';

let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
let command: Page;
const contexts: BrowserContext[] = [];
const today = dayInZone(new Date(), 'Asia/Shanghai');
const HERE = { latitude: 31.402, longitude: 116.903, accuracy: 35 };

async function context(opts: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const ctx = await newContext(browser, server.url, opts);
  contexts.push(ctx);
  return ctx;
}

async function openSheet(ctx: BrowserContext, user: string, groupId: string): Promise<Page> {
  const page = await ctx.newPage();
  await loginUi(page, server.url, user);
  await page.goto(`/sheet/${encodeURIComponent(sheetDocName(groupId, today))}`);
  await page.getByTestId('target-list').waitFor();
  return page;
}

const stored = async (userId: string) => {
  const v = await server.ctx.redis.hGet(positionKey(today), userId);
  return v ? (JSON.parse(v.slice(v.indexOf(' ') + 1)) as { lngLat: [number, number]; at: string }) : null;
};

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, process.env.CLIENT_DIST ? { clientDist: path.resolve(process.env.CLIENT_DIST) } : {});
  browser = await launch();
  const ctx = await context(LAPTOP);
  command = await ctx.newPage();
  await loginUi(command, server.url, 'command');
  await command.goto('/command');
  await command.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await redis?.cleanup();
});

describe('[MP8] an inspector’s position on the command centre', () => {
  it('shows on the map and in the member panel within seconds, as a reported position', async () => {
    const phone = await context({ ...PHONE, geolocation: HERE, permissions: ['geolocation'] });
    const started = Date.now();
    const sheet = await openSheet(phone, 'inspector1a', 'g1');
    await sheet.locator('[data-testid="location-sharing"][data-state="sharing"]').waitFor({ timeout: 10_000 });

    const marker = command.locator('[data-testid="member-marker"][data-user="inspector1a"]');
    await marker.waitFor({ timeout: 8_000 });
    console.info(`[MP8] sheet opened to marker on the command map: ${Date.now() - started} ms`);
    await expect(marker.getAttribute('data-source')).resolves.toBe('report');
    await expect(marker.getAttribute('data-stale')).resolves.toBe('false');
    await expect(marker.getAttribute('title')).resolves.toMatch(/上报位置 · 刚刚/);

    await command.getByTestId('tab-members').click();
    const entry = command.locator('[data-testid="member-position"][data-user="inspector1a"]');
    await expect.poll(() => entry.getAttribute('data-source')).toBe('report');
    await expect(entry.getByTestId('position-source').textContent()).resolves.toBe('上报位置');
    await expect(entry.textContent()).resolves.toContain('刚刚');

    const p = await stored('inspector1a');
    expect(p!.lngLat).toEqual([HERE.longitude, HERE.latitude]);

    // A move of more than 100 m is reported before the minute is up (not closer than 15 s apart).
    const box = await marker.boundingBox();
    const north = 31.412; // 1.1 km
    await phone.setGeolocation({ ...HERE, latitude: north });
    await expect.poll(async () => (await stored('inspector1a'))?.lngLat[1], { timeout: REPORT_MIN_GAP_MS + 5_000 }).toBe(north);
    await expect.poll(async () => (await marker.boundingBox())!.y, { timeout: 3_000 }).toBeLessThan(box!.y);
  });

  it('stopping for today stops the reports, and the indicator says so', async () => {
    const phone = await context({ ...PHONE, geolocation: HERE, permissions: ['geolocation'] });
    const sheet = await openSheet(phone, 'inspector2a', 'g2');
    const pill = sheet.locator('[data-testid="location-sharing"]');
    await pill.and(sheet.locator('[data-state="sharing"]')).waitFor({ timeout: 10_000 });
    await expect.poll(() => stored('inspector2a'), { timeout: 8_000 }).not.toBeNull();
    const before = (await stored('inspector2a'))!;

    await pill.click();
    await expect(sheet.getByTestId('location-sharing-panel').textContent()).resolves.toContain('本组和县指挥部可以看到');
    await sheet.getByTestId('location-stop').click();
    await expect.poll(() => pill.getAttribute('data-state')).toBe('stopped');

    // Two kilometres on: a sharing phone would report this at once (a move of more than 100 m).
    await phone.setGeolocation({ ...HERE, latitude: HERE.latitude + 0.02 });
    await sheet.waitForTimeout(Math.max(0, Date.parse(before.at) + REPORT_MIN_GAP_MS + 3_000 - Date.now()));
    expect(await stored('inspector2a')).toEqual(before);

    // Still stopped after a reload the same day.
    await sheet.reload();
    await sheet.locator('[data-testid="location-sharing"][data-state="stopped"]').waitFor({ timeout: 10_000 });
  });

  it('offline, keeps only the latest fix and sends it on reconnect with the time it was taken', async () => {
    const phone = await context({ ...PHONE, geolocation: HERE, permissions: ['geolocation'] });
    await openSheet(phone, 'inspector4a', 'g4');
    await expect.poll(() => stored('inspector4a'), { timeout: 10_000 }).not.toBeNull();
    const emitted: ReportedPosition[] = [];
    coverageFor(server.ctx).positions.onEmit = (p) => {
      if (p.userId === 'inspector4a') emitted.push(p);
    };

    // The signal goes: no new connection gets through, and the open one drops.
    await phone.setOffline(true);
    for (const s of server.ctx.live!.sockets.sockets.values()) if (s.data.user.id === 'inspector4a') s.conn.close();
    await phone.setGeolocation({ ...HERE, latitude: 31.41 });
    await new Promise((r) => setTimeout(r, 1_500));
    await phone.setGeolocation({ ...HERE, latitude: 31.42 });
    // Past the 15 s gap: a connected phone would have sent by now.
    await new Promise((r) => setTimeout(r, REPORT_MIN_GAP_MS + 2_000));
    expect(emitted).toEqual([]);

    const online = Date.now();
    await phone.setOffline(false);
    await expect.poll(() => emitted.length, { timeout: 20_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.lngLat).toEqual([HERE.longitude, 31.42]);
    expect(Date.parse(emitted[0]!.at)).toBeLessThan(online - REPORT_MIN_GAP_MS);
    coverageFor(server.ctx).positions.onEmit = undefined;
  });

  it('a phone that never granted geolocation is not asked and shares nothing', async () => {
    const phone = await context({ ...PHONE, geolocation: HERE });
    const sheet = await openSheet(phone, 'inspector3a', 'g3');
    const state = await sheet.evaluate(async () => (await navigator.permissions.query({ name: 'geolocation' })).state);
    expect(state).not.toBe('granted');
    await sheet.waitForTimeout(2_000);
    await expect(sheet.getByTestId('location-sharing').count()).resolves.toBe(0);
    expect(await stored('inspector3a')).toBeNull();
  });
});
