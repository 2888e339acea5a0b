/**
 * From the file a phone's camera or gallery hands us to what we store: shrunk (long side
 * ≤ 1600 px, ~1 MB JPEG — a house, a kitchen or a signed form stays legible), hashed, measured,
 * with the camera's GPS and time read from the original's EXIF before compression drops it.
 * The image libraries are imported here on first use only: they are not part of the JS a sheet
 * needs to open (bench/README.md, budget).
 */
import type { LngLat } from '../../../../shared/registry';
import { sniffPhotoType, type PhotoType } from '../../../../shared/field/photos';
import { sha256Hex } from './hash';

export const MAX_SIDE_PX = 1600;
const TARGET_MB = 1;

export type PhotoErrorCode = 'not_image' | 'unreadable' | 'too_large';

export class PhotoError extends Error {
  override readonly name = 'PhotoError';
  constructor(
    readonly code: PhotoErrorCode,
    readonly fileName: string,
  ) {
    super(`${fileName}: ${code}`);
  }
}

export interface PreparedPhoto {
  hash: string;
  type: PhotoType;
  bytes: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  takenAt: string;
  exifLocation?: LngLat;
}

interface Exif {
  latitude?: number;
  longitude?: number;
  DateTimeOriginal?: Date;
}

async function readExif(file: File): Promise<{ takenAt?: string; location?: LngLat }> {
  try {
    const { default: exifr } = await import('exifr/dist/lite.esm.mjs');
    // Only the TIFF blocks (IFD0, Exif, GPS); `latitude`/`longitude` come out in signed degrees.
    const tags = (await exifr.parse(file, { tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false })) as Exif | undefined;
    const lat = tags?.latitude;
    const lng = tags?.longitude;
    const location = typeof lat === 'number' && typeof lng === 'number' && Number.isFinite(lat) && Number.isFinite(lng) && !(lat === 0 && lng === 0) ? { lat, lng } : undefined;
    const t = tags?.DateTimeOriginal;
    return { takenAt: t instanceof Date && !Number.isNaN(t.getTime()) ? t.toISOString() : undefined, location };
  } catch (err) {
    // No or broken EXIF is normal (screenshots, messengers strip it): the photo is still evidence.
    console.info('photo: no EXIF read', file.name, err);
    return {};
  }
}

async function shrink(file: File): Promise<Blob> {
  const { default: imageCompression } = await import('browser-image-compression');
  // No web worker: the library would fetch its worker script from a CDN, which the CSP forbids
  // and a village without signal cannot reach.
  return imageCompression(file, { maxWidthOrHeight: MAX_SIDE_PX, maxSizeMB: TARGET_MB, initialQuality: 0.82, fileType: 'image/jpeg', useWebWorker: false });
}

async function dimensions(blob: Blob): Promise<{ width: number; height: number }> {
  const bmp = await createImageBitmap(blob);
  try {
    return { width: bmp.width, height: bmp.height };
  } finally {
    bmp.close();
  }
}

export async function preparePhoto(file: File, maxBytes: number): Promise<PreparedPhoto> {
  // The `accept` attribute is a hint; what was picked could be anything. Trust the bytes.
  if (!sniffPhotoType(new Uint8Array(await file.slice(0, 16).arrayBuffer()))) throw new PhotoError('not_image', file.name);
  const exif = await readExif(file);
  let out: Blob;
  let size: { width: number; height: number };
  try {
    out = await shrink(file);
    size = await dimensions(out);
  } catch (err) {
    console.warn('photo: could not decode or compress', file.name, err);
    throw new PhotoError('unreadable', file.name);
  }
  const bytes = new Uint8Array(await out.arrayBuffer());
  const type = sniffPhotoType(bytes);
  if (!type) throw new PhotoError('unreadable', file.name);
  if (bytes.length > maxBytes) throw new PhotoError('too_large', file.name);
  return {
    hash: await sha256Hex(bytes),
    type,
    bytes,
    ...size,
    takenAt: exif.takenAt ?? new Date(file.lastModified || Date.now()).toISOString(),
    ...(exif.location ? { exifLocation: exif.location } : {}),
  };
}
