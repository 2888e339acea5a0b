/**
 * [CV10] The command centre in Debian Chromium (software GL): a household an inspector checks
 * changes colour on the command map within 2 s — read from the map's own feature state — the
 * labels are Chinese and drawn offline, every request stays on our origin, reconnecting brings
 * the current state, a command user cannot write, a leader sees only their group.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CoverageGeo, CoverageSnapshot, TargetCoverage } from '../../shared/coverage/types';
import { dayInZone } from '../../shared/dates';
import { sheetDocName } from '../../shared/sheet';
import type { RunningServer } from '../../server/server';
import { launch, LAPTOP, loginUi, newContext } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';
import { synced, yclient, type YClient } from '../helpers/yclient';

let redis: TestRedis;
let server: RunningServer;
let browser: Browser;
let commandCtx: BrowserContext;
let command: Page;
const contexts: BrowserContext[] = [];
const clients: YClient[] = [];
const requests: string[] = [];
const today = dayInZone(new Date(), 'Asia/Shanghai');

type MapWindow = Window & { __suichaMap: { getFeatureState(f: { source: string; id: number }): { s?: number } | null } };

/** The state the map itself holds for a household (not our own variable). */
function mapState(page: Page, id: number): Promise<number> {
  return page.evaluate((i) => (window as unknown as MapWindow).__suichaMap.getFeatureState({ source: 'households', id: i })?.s ?? 0, id);
}

async function openCommand(ctx: BrowserContext, user: string): Promise<Page> {
  const page = await ctx.newPage();
  await loginUi(page, server.url, user);
  await page.goto('/command');
  return page;
}

async function mapReady(page: Page): Promise<void> {
  await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
}

async function snapshot(user = 'command'): Promise<CoverageSnapshot> {
  const { token } = await login(server.url, user);
  return (await fetch(`${server.url}/api/coverage`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<CoverageSnapshot>;
}

/** A household target of a group not yet touched, with its place on the map. */
async function freshHousehold(groupId: string): Promise<TargetCoverage & { f: { l: 'h'; i: number } }> {
  const snap = await snapshot();
  const t = snap.groups.find((g) => g.groupId === groupId)!.targets.find((x) => x.f?.l === 'h' && x.s === 1 && x.kind === 'pairing_visit');
  return t as TargetCoverage & { f: { l: 'h'; i: number } };
}

/** A stock y-websocket client on a group's sheet, synced; `edit` changes one target in one transaction. */
async function sheetClient(user: string, groupId: string): Promise<{ edit(targetId: string, fn: (m: Y.Map<unknown>) => void): void }> {
  const { token } = await login(server.url, user);
  const c = yclient(server.url, sheetDocName(groupId, today), token);
  clients.push(c);
  await synced(c);
  return { edit: (targetId, fn) => c.doc.transact(() => fn(c.doc.getMap<Y.Map<unknown>>('targets').get(targetId)!)) };
}

async function editAs(user: string, groupId: string, targetId: string, fn: (m: Y.Map<unknown>) => void): Promise<void> {
  (await sheetClient(user, groupId)).edit(targetId, fn);
}

const check = (who: string, name: string) => (m: Y.Map<unknown>) => {
  m.set('checkedBy', who);
  m.set('checkedByName', name);
  m.set('checkedAt', new Date().toISOString());
  m.set('location', { lng: 116.9, lat: 31.4, accuracy: 8 });
};

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, process.env.CLIENT_DIST ? { clientDist: path.resolve(process.env.CLIENT_DIST) } : {});
  browser = await launch();
  commandCtx = await newContext(browser, server.url, LAPTOP);
  contexts.push(commandCtx);
  commandCtx.on('request', (r) => requests.push(r.url()));
  command = await openCommand(commandCtx, 'command');
  await mapReady(command);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
  await redis?.cleanup();
});

describe('[CV10] the command centre map', () => {
  it('shows a household an inspector marks checked within 2 s, read from the map’s feature state', async () => {
    const t = await freshHousehold('g1');
    await command.waitForFunction((i) => (window as unknown as MapWindow).__suichaMap.getFeatureState({ source: 'households', id: i })?.s === 1, t.f.i);
    const inspector = await sheetClient('inspector1a', 'g1');
    const started = Date.now();
    inspector.edit(t.id, check('inspector1a', '周晓燕'));
    await command.waitForFunction((i) => (window as unknown as MapWindow).__suichaMap.getFeatureState({ source: 'households', id: i })?.s === 3, t.f.i, {
      timeout: 2_000,
      polling: 'raf',
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_000);
    console.info(`[CV10] edit to map feature state: ${elapsed} ms`);
    await expect.poll(() => command.getByTestId('quota-group').first().getByTestId('quota-pairing_visit').textContent()).toBe('1/10');
  });

  it('draws the Chinese township names on the map from local fonts', async () => {
    const { token } = await login(server.url, 'command');
    const geo = (await (await fetch(`${server.url}/api/coverage/geo`, { headers: { authorization: `Bearer ${token}` } })).json()) as CoverageGeo;
    const town = geo.townships.find((x) => x.name === '城关镇')!;
    expect(town.name).toMatch(/[\u4e00-\u9fff]/);
    // The pixels of a box around the label, with the label layer shown and then hidden.
    const pixels = (hide: boolean) =>
      command.evaluate(
        async ({ at, hide }) => {
          const map = (window as unknown as { __suichaMap: Record<string, (...a: unknown[]) => unknown> }).__suichaMap;
          map.setLayoutProperty!('township-labels', 'visibility', hide ? 'none' : 'visible');
          const once = (t: string, f: () => void) => (map.once as (t: string, f: () => void) => void).call(map, t, f);
          await new Promise((r) => once('idle', () => r(null)));
          // Read the frame inside its 'render' event, while the drawing buffer still holds it.
          return new Promise<number[]>((resolve) => {
            once('render', () => {
              const p = map.project!(at) as { x: number; y: number };
              const gl = map.getCanvas!() as HTMLCanvasElement;
              const k = gl.width / gl.clientWidth;
              const c = document.createElement('canvas');
              c.width = Math.round(90 * k);
              c.height = Math.round(34 * k);
              const ctx = c.getContext('2d')!;
              ctx.drawImage(gl, (p.x - 45) * k, (p.y - 17) * k, c.width, c.height, 0, 0, c.width, c.height);
              resolve(Array.from(ctx.getImageData(0, 0, c.width, c.height).data));
            });
            map.triggerRepaint!();
          });
        },
        { at: town.label, hide },
      );
    const shown = await pixels(false);
    const hidden = await pixels(true);
    await pixels(false);
    let changed = 0;
    let darkText = 0;
    for (let i = 0; i < shown.length; i += 4) {
      const d = Math.abs(shown[i]! - hidden[i]!) + Math.abs(shown[i + 1]! - hidden[i + 1]!) + Math.abs(shown[i + 2]! - hidden[i + 2]!);
      if (d > 60) changed++;
      if (shown[i]! < 110 && shown[i + 1]! < 110 && shown[i + 2]! < 110 && d > 60) darkText++;
    }
    // Three characters of about 16 px: hundreds of pixels of glyph and halo, dozens of them ink.
    expect(changed).toBeGreaterThan(200);
    expect(darkText).toBeGreaterThan(30);
    expect(await command.getByTestId('quota-group').first().textContent()).toContain('第一督查组');
  });

  it('after a reconnect shows what happened while it was away (current state, not a replay)', async () => {
    const t = await freshHousehold('g2');
    // Drop the connections as a network would (not a deliberate kick): the client reconnects by itself.
    for (const socket of server.ctx.live!.sockets.sockets.values()) socket.conn.close();
    await editAs('inspector2a', 'g2', t.id, check('inspector2a', '马文静'));
    await command.waitForFunction((i) => (window as unknown as MapWindow).__suichaMap.getFeatureState({ source: 'households', id: i })?.s === 3, t.f.i, {
      timeout: 10_000,
    });
    await expect.poll(() => command.getByTestId('feed-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('live');
  });

  it('ignores what a command user tries to write to a sheet', async () => {
    const t = await freshHousehold('g3');
    await editAs('command', 'g3', t.id, check('command', '县指挥部值班员'));
    await new Promise((r) => setTimeout(r, 800));
    expect(await mapState(command, t.f.i)).toBe(1);
    const doc = await server.ctx.rooms.snapshot(sheetDocName('g3', today));
    expect(doc.getMap<Y.Map<unknown>>('targets').get(t.id)!.get('checkedAt')).toBeNull();
    doc.destroy();
  });

  it('gives a leader only their own group', async () => {
    const ctx = await newContext(browser, server.url, LAPTOP);
    contexts.push(ctx);
    const page = await openCommand(ctx, 'leader2');
    await mapReady(page);
    await expect.poll(() => page.getByTestId('quota-group').count()).toBe(1);
    expect(await page.getByTestId('quota-group').getAttribute('data-group')).toBe('g2');
    const other = await freshHousehold('g4');
    const mine = (await snapshot('leader2')).groups;
    expect(mine.map((g) => g.groupId)).toEqual(['g2']);
    expect(await mapState(page, other.f.i)).toBe(0);
    const drawn = mine[0]!.targets.find((x) => x.f?.l === 'h')!;
    await expect.poll(() => mapState(page, drawn.f!.i)).toBeGreaterThan(0);
  });

  it('tells an inspector plainly that the map is not for them', async () => {
    const ctx = await newContext(browser, server.url, LAPTOP);
    contexts.push(ctx);
    const page = await openCommand(ctx, 'inspector1a');
    await page.getByTestId('command-denied').waitFor();
    expect(await page.getByTestId('coverage-map').count()).toBe(0);
  });

  it('constructs the mapbox engine from the server config with a fake token and no network', async () => {
    const ctx = await newContext(browser, server.url, LAPTOP);
    contexts.push(ctx);
    const outside: string[] = [];
    await ctx.route('**/*', async (route) => {
      const url = route.request().url();
      if (!url.startsWith(server.url)) {
        outside.push(url);
        return route.abort();
      }
      if (new URL(url).pathname === '/api/map/config') return route.fulfill({ json: { engine: 'mapbox', mapboxToken: 'pk.eyJ1IjoidGVzdCIsImEiOiJ0ZXN0In0.fake' } });
      return route.continue();
    });
    const page = await openCommand(ctx, 'command');
    await mapReady(page);
    expect(await page.evaluate(() => (window as unknown as { __suichaMapEngine: string }).__suichaMapEngine)).toBe('mapbox');
    const drawn = (await snapshot()).groups[0]!.targets.find((x) => x.f?.l === 'h')!;
    await expect.poll(() => mapState(page, drawn.f!.i)).toBeGreaterThan(0);
  });

  it('made every request of the command page to our own origin', () => {
    const foreign = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(requests.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
  });
});
