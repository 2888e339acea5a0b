// Renders the app's PNG icons from client/public/icon.svg with headless Chromium (the same Debian
// Chromium the tests drive), for the web app manifest and iOS, which ignores SVG icons.
// Run after changing icon.svg: `node scripts/icons.mjs`; commit the PNGs in client/public.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pub = path.join(root, 'client', 'public');
const svg = readFileSync(path.join(pub, 'icon.svg'), 'utf8');
const BG = '#a61f27'; // the icon's own background, so a padded maskable icon has no seam

/**
 * `scale` < 1 leaves a margin: maskable icons are cropped to a circle of 80 % of their size by
 * Android launchers, so the drawing must sit inside that safe zone.
 */
const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1 },
  { file: 'icon-512.png', size: 512, scale: 1 },
  { file: 'icon-maskable-512.png', size: 512, scale: 0.82 },
  { file: 'apple-touch-icon.png', size: 180, scale: 1 },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  for (const { file, size, scale } of ICONS) {
    await page.setViewportSize({ width: size, height: size });
    const inner = Math.round(size * scale);
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;width:${size}px;height:${size}px;display:flex;align-items:center;justify-content:center;background:${BG}">` +
        `<img src="${src}" width="${inner}" height="${inner}"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: path.join(pub, file), clip: { x: 0, y: 0, width: size, height: size } });
    process.stderr.write(`wrote client/public/${file} (${size}×${size})\n`);
  }
} finally {
  await browser.close();
}
