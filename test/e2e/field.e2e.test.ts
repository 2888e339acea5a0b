/**
 * The field app in Debian Chromium (issue 9): cold start with no network, photos taken offline
 * uploaded exactly once, proof of presence near / far / without a position, photo errors, and
 * the update prompt after a new deploy. SPEC ids: PW1, PW3, PH1–PH3, PP1–PP3, BL2, BL4.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sha256Hex } from '../../server/blobs/blobStore';
import type { RunningServer } from '../../server/server';
import type { SheetInfo } from '../../shared/api';
import { readPhotos } from '../../shared/field/photos';
import type { LngLat } from '../../shared/registry';
import { readTargets, type TargetView } from '../../shared/sheet';
import { launch, LAPTOP, loginUi, newContext, PHONE } from '../helpers/browser';
import { renderJpeg, withExif } from '../helpers/jpeg';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, yclient } from '../helpers/yclient';

const BLOB_MAX = 400_000;
let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
let dist: string;
let doc1 = '';
let targets: TargetView[] = [];
const tokens: Record<string, string> = {};
const contexts: BrowserContext[] = [];

/** A point `m` metres due north of `p`. */
const north = (p: LngLat, m: number): LngLat => ({ lng: p.lng, lat: p.lat + m / 111_195.08 });
const geo = (p: LngLat) => ({ latitude: p.lat, longitude: p.lng, accuracy: 12 });
const sheetUrl = (targetId?: string) => `/sheet/${encodeURIComponent(doc1)}${targetId ? `?t=${encodeURIComponent(targetId)}` : ''}`;
/** `E2E_SHOTS=<dir>` keeps screenshots of the states a user sees, for a human to look at. */
const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SHOTS) await page.screenshot({ path: path.join(process.env.E2E_SHOTS, `field-${name}.png`) });
};
const row = (page: Page, id: string) => page.locator(`[data-testid="target-row"][data-target-id="${id}"]`);

async function context(opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const c = await newContext(browser, server.url, opts);
  contexts.push(c);
  return c;
}

async function expectConn(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction((s) => document.querySelector('[data-testid="conn-state"]')?.getAttribute('data-state') === s, state, { timeout });
}

/** The server's copy of a target, read with a stock y-websocket client. */
async function serverTarget(id: string): Promise<{ note: string; photos: string[] }> {
  const c = yclient(server.url, doc1, tokens.inspector1a!);
  try {
    await synced(c);
    const m = c.doc.getMap<Y.Map<unknown>>('targets').get(id)!;
    return { note: String(m.get('note')), photos: readPhotos(m.get('photos')).map((p) => p.hash) };
  } finally {
    c.destroy();
  }
}

const storedBlobs = () =>
  (existsSync(server.ctx.config.blobDir) ? readdirSync(server.ctx.config.blobDir, { recursive: true, withFileTypes: true }) : [])
    .filter((e) => e.isFile() && !e.parentPath.endsWith(`${path.sep}tmp`))
    .map((e) => e.name);

beforeAll(async () => {
  redis = await startTestRedis();
  // A private copy of the built client, so the update test can "deploy" a new service worker.
  dist = mkdtempSync(path.join(tmpdir(), 'suicha-dist-'));
  cpSync(path.resolve(import.meta.dirname, '../../client/dist'), dist, { recursive: true, filter: (src) => !src.endsWith('.map') });
  server = await startTestServer(redis.url, { blobMaxBytes: BLOB_MAX, clientDist: dist });
  browser = await launch();
  for (const u of ['inspector1a', 'inspector2a']) tokens[u] = (await login(server.url, u)).token;
  const sheets = (await (await fetch(`${server.url}/api/sheets`, { headers: { authorization: `Bearer ${tokens.inspector1a}` } })).json()) as SheetInfo[];
  doc1 = sheets[0]!.docName;
  const c = yclient(server.url, doc1, tokens.inspector1a!);
  await synced(c);
  targets = readTargets(c.doc).filter((t) => t.registered && t.refKind === 'household');
  c.destroy();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await redis?.cleanup();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe('offline field work', () => {
  it('[PW1][PH1] opens from cold with no network, keeps edits, and uploads a photo taken offline exactly once', async () => {
    const t = targets[0]!;
    const ctx = await context({ ...PHONE, geolocation: geo(north(t.registered!, 40)), permissions: ['geolocation'] });
    const puts: string[] = [];
    ctx.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes('/api/blobs/')) puts.push(r.url());
    });

    // Online once: log in, let the service worker take control, open the sheet (now in IndexedDB).
    const first = await ctx.newPage();
    await loginUi(first, server.url, 'inspector1a');
    await first.evaluate(async () => void (await navigator.serviceWorker.ready));
    await first.reload();
    await first.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 15_000 });
    await first.getByTestId('sheet-link').first().click();
    await row(first, t.id).click();
    await first.getByTestId('note-input').waitFor();
    await expectConn(first, 'online');
    const photo = withExif(await renderJpeg(first, 2400, 1800, 11), north(t.registered!, 25));

    // No signal, and the phone killed the browser.
    await ctx.setOffline(true);
    await first.close();

    const cold = await ctx.newPage();
    await cold.goto(`${server.url}/`);
    await cold.getByTestId('list-offline').waitFor({ timeout: 15_000 });
    await expect(cold.getByTestId('current-user').getAttribute('title')).resolves.toContain('督查组成员');
    await cold.getByTestId('sheet-link').first().click();
    await row(cold, t.id).click();
    const note = cold.getByTestId('note-input');
    await note.click();
    await cold.keyboard.type('离线冷启动:户主在家。', { delay: 5 });
    await expectConn(cold, 'offline');

    // A photo, twice: queued once, referenced once.
    const input = cold.getByTestId('photo-input-camera').first();
    await input.setInputFiles({ name: 'kitchen.jpg', mimeType: 'image/jpeg', buffer: photo });
    const thumb = cold.getByTestId('photo-thumb');
    await expect.poll(() => thumb.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => thumb.first().getAttribute('data-status'), { timeout: 10_000 }).toBe('queued');
    await input.setInputFiles({ name: 'kitchen-again.jpg', mimeType: 'image/jpeg', buffer: photo });
    await cold.getByTestId('photo-note').waitFor();
    expect(await thumb.count()).toBe(1);
    await expect(cold.getByTestId('photo-waiting').first().textContent()).resolves.toContain('联网后自动上传');
    const hash = (await thumb.first().getAttribute('data-hash'))!;
    await cold.getByTestId('photo-strip').first().scrollIntoViewIfNeeded();
    await shot(cold, 'offline-photo-queued');

    // Killed again while the photo waits: it is still there on the next cold start.
    await cold.close();
    const again = await ctx.newPage();
    await again.goto(`${server.url}${sheetUrl(t.id)}`);
    await expect.poll(() => again.getByTestId('note-input').inputValue(), { timeout: 15_000 }).toContain('离线冷启动:户主在家。');
    // The outbox state loads from IndexedDB after the first paint: wait for it, do not race it.
    await expect.poll(() => again.getByTestId('photo-thumb').first().getAttribute('data-status'), { timeout: 10_000 }).toBe('queued');
    // The photo's own GPS (EXIF) is read and compared with the registered location.
    await again.getByTestId('photo-thumb').first().click();
    await expect(again.getByTestId('photo-exif-distance').textContent()).resolves.toMatch(/距登记位置 2\d 米/);
    await shot(again, 'offline-photo-viewer');
    await again.getByTestId('photo-viewer-close').click();
    expect(storedBlobs()).toEqual([]);
    expect(puts).toEqual([]);

    // Signal returns: the edit syncs and the photo uploads, once.
    await ctx.setOffline(false);
    await expectConn(again, 'online', 20_000);
    await expect.poll(() => again.getByTestId('photo-thumb').first().getAttribute('data-status'), { timeout: 20_000 }).toBe('stored');
    expect(puts).toHaveLength(1);
    expect(storedBlobs()).toEqual([hash]);
    await expect.poll(() => serverTarget(t.id), { timeout: 10_000 }).toEqual({ note: expect.stringContaining('离线冷启动:户主在家。'), photos: [hash] });

    // Served to the group, with the bytes that hash to its name; refused to another group.
    const mine = await fetch(`${server.url}/api/blobs/${hash}?doc=${encodeURIComponent(doc1)}`, { headers: { authorization: `Bearer ${tokens.inspector1a}` } });
    expect(sha256Hex(new Uint8Array(await mine.arrayBuffer()))).toBe(hash);
    const theirs = await fetch(`${server.url}/api/blobs/${hash}?doc=${encodeURIComponent(doc1)}`, { headers: { authorization: `Bearer ${tokens.inspector2a}` } });
    expect(theirs.status).toBe(403);
    // Shown offline afterwards from the service worker's photo cache.
    await ctx.setOffline(true);
    await again.reload();
    await again.getByTestId('photo-thumb').first().waitFor();
    await again.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="photo-thumb"] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await ctx.setOffline(false);
  });
});

/** A non-loopback address of this machine: plain HTTP there is not a secure context. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('plain-HTTP intranet', () => {
  it.skipIf(!lanAddress)('[PH1] without a secure context (no WebCrypto, service worker, locks) a photo still hashes and uploads once', async () => {
    const base = `http://${lanAddress}:${server.port}`;
    const ctx = await newContext(browser, base, PHONE);
    contexts.push(ctx);
    const page = await ctx.newPage();
    await loginUi(page, base, 'inspector1a');
    expect(await page.evaluate(() => [window.isSecureContext, !!globalThis.crypto?.subtle, !!navigator.locks])).toEqual([false, false, false]);
    await page.goto(`${base}${sheetUrl(targets[6]!.id)}`);
    const photo = await renderJpeg(page, 1200, 900, 21);
    await page.getByTestId('photo-input-camera').first().setInputFiles({ name: 'intranet.jpg', mimeType: 'image/jpeg', buffer: photo });
    const thumb = page.getByTestId('photo-thumb').first();
    await expect.poll(() => thumb.getAttribute('data-status'), { timeout: 20_000 }).toBe('stored');
    const hash = (await thumb.getAttribute('data-hash'))!;
    expect(storedBlobs()).toContain(hash);
    const res = await fetch(`${server.url}/api/blobs/${hash}?doc=${encodeURIComponent(doc1)}`, { headers: { authorization: `Bearer ${tokens.inspector1a}` } });
    expect(sha256Hex(new Uint8Array(await res.arrayBuffer()))).toBe(hash);
  });
});

describe('proof of presence', () => {
  it('[PP1][PP2][PP3] flags a check made far away or without a position, on the form, the row and the leader’s panel', async () => {
    const [near, far, denied] = [targets[1]!, targets[2]!, targets[3]!];
    const ctx = await context({ ...LAPTOP, geolocation: geo(north(near.registered!, 60)), permissions: ['geolocation'] });
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'inspector1b');

    await page.goto(`${server.url}${sheetUrl(near.id)}`);
    await page.getByTestId('mark-checked').click();
    const formFlag = page.getByTestId('check-box').getByTestId('presence-flag');
    await expect.poll(() => formFlag.getAttribute('data-kind')).toBe('near');
    await expect(formFlag.textContent()).resolves.toMatch(/距登记位置 6\d 米/);
    await expect(row(page, near.id).getByTestId('presence-flag').getAttribute('data-flagged')).resolves.toBe('false');

    await ctx.setGeolocation(geo(north(far.registered!, 2_000)));
    await page.goto(`${server.url}${sheetUrl(far.id)}`);
    await page.getByTestId('mark-checked').click();
    await expect.poll(() => formFlag.getAttribute('data-kind')).toBe('far');
    await expect(formFlag.textContent()).resolves.toContain('超出 300 米');
    await expect(row(page, far.id).getByTestId('presence-flag').textContent()).resolves.toContain('偏离 2.0 公里');
    await shot(page, 'presence-far');

    // Location refused: no permission in this context.
    const noGeo = await context(LAPTOP);
    const refused = await noGeo.newPage();
    await loginUi(refused, server.url, 'inspector1b');
    await refused.goto(`${server.url}${sheetUrl(denied.id)}`);
    await refused.getByTestId('mark-checked').click();
    const refusedFlag = refused.getByTestId('check-box').getByTestId('presence-flag');
    await expect.poll(() => refusedFlag.getAttribute('data-kind'), { timeout: 15_000 }).toBe('no_location');
    await expect(refusedFlag.textContent()).resolves.toContain('未获定位授权');
    await expect(row(refused, denied.id).getByTestId('presence-flag').textContent()).resolves.toContain('无定位');

    // The leader sees two doubtful checks by this inspector.
    const lead = await (await context(LAPTOP)).newPage();
    await loginUi(lead, server.url, 'leader1');
    await lead.goto(`${server.url}${sheetUrl()}`);
    const member = lead.locator('[data-testid="member-row"][data-user-id="inspector1b"]');
    await expect.poll(() => member.getByTestId('member-flagged').textContent(), { timeout: 15_000 }).toContain('位置存疑 2');
    await expect(lead.getByTestId('members-flagged-total').textContent()).resolves.toContain('2 项');
    await shot(lead, 'leader-flags');
  });
});

describe('photo errors', () => {
  it('[BL2][PH3] a file that is not a photo and one too large are refused with a clear message; the API answers 415 and 413', async () => {
    const t = targets[4]!;
    const ctx = await context(PHONE);
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'inspector1a');
    await page.goto(`${server.url}${sheetUrl(t.id)}`);
    const input = page.getByTestId('photo-input-gallery').first();
    await input.setInputFiles({ name: 'visit-form.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.4 not a photo') });
    await expect(page.getByTestId('photo-error').first().textContent()).resolves.toContain('不是照片');
    const big = await renderJpeg(page, 1600, 1200, 5, 'noise');
    await input.setInputFiles({ name: 'noisy.jpg', mimeType: 'image/jpeg', buffer: big });
    await expect.poll(() => page.getByTestId('photo-error').first().textContent(), { timeout: 20_000 }).toContain('压缩后仍超过 391 KB');
    expect(await page.getByTestId('photo-thumb').count()).toBe(0);
    await page.getByTestId('photo-strip').first().scrollIntoViewIfNeeded();
    await shot(page, 'photo-errors');

    // The API itself, with this browser's session.
    let res = await page.request.put(`/api/blobs/${sha256Hex(big)}?doc=${encodeURIComponent(doc1)}`, { headers: { 'content-type': 'image/jpeg' }, data: big });
    expect(res.status()).toBe(413);
    expect((await res.json()) as unknown).toMatchObject({ error: 'too_large' });
    const gif = Buffer.from('GIF89a.......');
    res = await page.request.put(`/api/blobs/${sha256Hex(gif)}?doc=${encodeURIComponent(doc1)}`, { headers: { 'content-type': 'image/gif' }, data: gif });
    expect(res.status()).toBe(415);
  });

  it('[PH2] a photo the server refuses (413) stays on the device, marked, with the reason in words', async () => {
    // Settings unreachable: the phone judges with the default 8 MiB and uploads; the server says 413.
    const ctx = await context(PHONE);
    await ctx.route('**/api/settings/field', (r) => r.abort());
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'inspector1a');
    await page.goto(`${server.url}${sheetUrl(targets[5]!.id)}`);
    const big = await renderJpeg(page, 1600, 1200, 9, 'noise');
    await page.getByTestId('photo-input-camera').first().setInputFiles({ name: 'noisy.jpg', mimeType: 'image/jpeg', buffer: big });
    const thumb = page.getByTestId('photo-thumb').first();
    await expect.poll(() => thumb.getAttribute('data-status'), { timeout: 20_000 }).toBe('rejected');
    await expect(page.getByTestId('photo-rejected-count').first().textContent()).resolves.toContain('1 张照片上传被拒绝');
    await thumb.click();
    await expect(page.getByTestId('photo-rejected').textContent()).resolves.toContain('照片超过大小上限');
    await shot(page, 'photo-rejected');
  });
});

describe('new deploy', () => {
  it('[PW3] shows the update prompt when a new service worker is deployed, and reloading activates it', async () => {
    const ctx = await context(LAPTOP);
    const page = await ctx.newPage();
    await loginUi(page, server.url, 'inspector1a');
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 15_000 });
    const before = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL);

    appendFileSync(path.join(dist, 'sw.js'), `\n// deploy ${Date.now()}\n`);
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 15_000 });
    await expect(prompt.textContent()).resolves.toContain('有新版本可用');
    await shot(page, 'update-prompt');
    await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), prompt.getByRole('button', { name: '刷新' }).click()]);
    await page.getByTestId('sheet-link').first().waitFor();
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
    const after = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { active: reg?.active?.scriptURL, waiting: reg?.waiting };
    });
    expect(after).toEqual({ active: before, waiting: null });
  });
});
