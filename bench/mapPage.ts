/**
 * The browser side of `bench:map`: opens the command page in Debian Chromium (software GL),
 * measures the map's first idle, and records every feature-state write and every frame.
 */
import type { Browser, Page } from 'playwright-core';
import { loginUi, newContext } from '../test/helpers/browser';

export const WALL = { width: 1920, height: 1080 };
export const LAPTOP = { width: 1366, height: 850 };
export type Viewport = typeof WALL;

export interface PageLog {
  /** [featureId, state, wall-clock ms] for every household feature-state write. */
  writes: [number, number, number][];
  /** Milliseconds between consecutive animation frames. */
  frames: number[];
  /** The same, only for frames in which the map rendered (repainted). */
  renderFrames: number[];
}

/** Logs in as `command`, opens /command, returns the page and ms from navigation to first idle. */
export async function openMap(browser: Browser, baseUrl: string, viewport: Viewport = WALL): Promise<{ page: Page; firstIdleMs: number; marks: Record<string, number>; close(): Promise<void> }> {
  const ctx = await newContext(browser, baseUrl, { viewport });
  const page = await ctx.newPage();
  await loginUi(page, baseUrl, 'command');
  await page.goto('/command');
  await page.locator('[data-testid="coverage-map"][data-ready="true"]').waitFor({ timeout: 120_000 });
  // Page scripts are strings: tsx would wrap named functions in a helper the page does not have.
  // The app marks its first idle on the performance timeline (relative to navigation start).
  const firstIdleMs = (await page.evaluate(`new Promise((resolve, reject) => {
    const end = Date.now() + 120000;
    const poll = () => {
      const m = performance.getEntriesByName('suicha:map-idle')[0];
      if (m) resolve(m.startTime);
      else if (Date.now() > end) reject(new Error('no suicha:map-idle mark'));
      else setTimeout(poll, 50);
    };
    poll();
  })`)) as number;
  const marks = (await page.evaluate(
    `Object.fromEntries(['suicha:geo-loaded', 'suicha:map-created', 'suicha:map-load'].map((n) => [n.slice(7), performance.getEntriesByName(n)[0]?.startTime ?? NaN]))`,
  )) as Record<string, number>;
  return { page, firstIdleMs, marks, close: () => ctx.close() };
}

/** Wraps the map's setFeatureState and starts a frame-time recorder. */
export async function instrument(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const bench = (window.__bench = { writes: [], frames: [], renderFrames: [], stop: false, rendered: false });
    const map = window.__suichaMap;
    map.on('render', () => (bench.rendered = true));
    const original = map.setFeatureState.bind(map);
    map.setFeatureState = (f, s) => {
      if (f.source === 'households') bench.writes.push([f.id, s.s, performance.timeOrigin + performance.now()]);
      original(f, s);
    };
    let last = performance.now();
    const frame = (t) => {
      bench.frames.push(t - last);
      bench.renderFrames.push(bench.rendered);
      bench.rendered = false;
      last = t;
      if (!bench.stop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
}

export async function collect(page: Page): Promise<PageLog> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { writes: [number, number, number][]; frames: number[]; renderFrames: number[]; stop: boolean } }).__bench;
    b.stop = true;
    // A render seen by frame k ran in interval k or k+1 (depending on which rAF callback ran first
    // in that frame): the longer of the two is the repaint's frame.
    const rendered = b.renderFrames as unknown as boolean[];
    const renderFrames = b.frames.flatMap((f, k) => (k > 0 && rendered[k] ? [Math.max(f, b.frames[k + 1] ?? 0)] : []));
    return { writes: b.writes, frames: b.frames.slice(1), renderFrames };
  });
}

/** Frame times while the map repaints every frame with nothing changing: the renderer's own floor. */
export async function repaintFloor(page: Page, frames = 90): Promise<number[]> {
  return (await page.evaluate(`new Promise((resolve) => {
    const map = window.__suichaMap;
    const times = [];
    let last = performance.now();
    const step = (t) => {
      times.push(t - last);
      last = t;
      map.triggerRepaint();
      if (times.length < ${frames}) requestAnimationFrame(step);
      else resolve(times.slice(1));
    };
    requestAnimationFrame(step);
  })`)) as number[];
}
