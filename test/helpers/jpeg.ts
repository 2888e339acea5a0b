/**
 * Test photos: real JPEGs drawn by the browser's canvas (so the client's decoder and compressor
 * meet a genuine file), optionally with an EXIF block carrying GPS and DateTimeOriginal as a
 * phone camera writes it.
 */
import type { Page } from 'playwright-core';

/**
 * A `width`×`height` JPEG. `noise`: coloured noise, which does not compress (size grows with the
 * area — for oversize tests); `smooth`: a gradient, small after compression (an ordinary photo).
 * Different seeds give different bytes, hence different hashes.
 */
export async function renderJpeg(page: Page, width: number, height: number, seed: number, pattern: 'noise' | 'smooth' = 'smooth', quality = 0.9): Promise<Buffer> {
  const b64 = await page.evaluate(
    ({ width, height, seed, pattern, quality }) => {
      const c = document.createElement('canvas');
      c.width = width;
      c.height = height;
      const ctx = c.getContext('2d')!;
      if (pattern === 'smooth') {
        const g = ctx.createLinearGradient(0, 0, width, height);
        g.addColorStop(0, `hsl(${seed % 360} 60% 70%)`);
        g.addColorStop(1, `hsl(${(seed * 7) % 360} 50% 35%)`);
        ctx.fillStyle = g;
        ctx.fillRect(0, 0, width, height);
        ctx.fillStyle = '#a61f27';
        ctx.fillRect(width / 4, height / 4, width / 2, height / 2);
        return c.toDataURL('image/jpeg', quality).split(',')[1]!;
      }
      const img = ctx.createImageData(width, height);
      let x = seed >>> 0 || 1;
      for (let i = 0; i < img.data.length; i += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        img.data[i] = x & 255;
        img.data[i + 1] = (x >>> 8) & 255;
        img.data[i + 2] = (x >>> 16) & 255;
        img.data[i + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
      ctx.fillStyle = '#a61f27';
      ctx.fillRect(width / 4, height / 4, width / 2, height / 2);
      return c.toDataURL('image/jpeg', quality).split(',')[1]!;
    },
    { width, height, seed, pattern, quality },
  );
  return Buffer.from(b64, 'base64');
}

function rationals(deg: number): number[] {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
  return [d, 1, m, 1, s, 1000];
}

/** Inserts an EXIF APP1 segment (big-endian TIFF) with GPS and DateTimeOriginal after the SOI marker. */
export function withExif(jpeg: Buffer, gps: { lat: number; lng: number }, taken = '2026:11:22 10:30:00'): Buffer {
  const tiff = Buffer.alloc(178);
  let o = 0;
  const u16 = (v: number) => (o = tiff.writeUInt16BE(v, o));
  const u32 = (v: number) => (o = tiff.writeUInt32BE(v, o));
  const entry = (tag: number, type: number, count: number, value: number) => {
    u16(tag);
    u16(type);
    u32(count);
    u32(value);
  };
  const ASCII = 2;
  const LONG = 4;
  const RATIONAL = 5;
  tiff.write('MM', 0, 'latin1');
  o = 2;
  u16(42);
  u32(8);
  // IFD0 @8: pointers to the Exif IFD (@38) and the GPS IFD (@76)
  u16(2);
  entry(0x8769, LONG, 1, 38);
  entry(0x8825, LONG, 1, 76);
  u32(0);
  // Exif IFD @38: DateTimeOriginal → string @56
  u16(1);
  entry(0x9003, ASCII, 20, 56);
  u32(0);
  tiff.write(`${taken}\0`, 56, 'latin1');
  o = 76;
  // GPS IFD @76: refs inline, rationals @130 and @154
  u16(4);
  entry(0x0001, ASCII, 2, (gps.lat >= 0 ? 0x4e : 0x53) << 24); // 'N' / 'S'
  entry(0x0002, RATIONAL, 3, 130);
  entry(0x0003, ASCII, 2, (gps.lng >= 0 ? 0x45 : 0x57) << 24); // 'E' / 'W'
  entry(0x0004, RATIONAL, 3, 154);
  u32(0);
  o = 130;
  for (const v of [...rationals(gps.lat), ...rationals(gps.lng)]) u32(v);
  const header = Buffer.from('Exif\0\0', 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt16BE(0xffe1, 0);
  len.writeUInt16BE(2 + header.length + tiff.length, 2);
  return Buffer.concat([jpeg.subarray(0, 2), len, header, tiff, jpeg.subarray(2)]);
}
