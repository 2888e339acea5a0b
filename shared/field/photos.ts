/**
 * Photos as evidence. The bytes live in the blob store under their SHA-256; the sheet holds only
 * references. Schema addition (README "Documents"): a target and a finding each carry
 *
 *   photos: Y.Array<Y.Map { hash, type, bytes, width, height, takenAt, exifLocation?,
 *                           addedBy, addedByName, addedAt }>
 *
 * Pure: type sniffing, hash syntax, and the Y.Map shape. No I/O.
 */
import * as Y from 'yjs';
import type { LngLat } from '../registry';
import { isLngLat } from './distance';

export const PHOTO_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export const SHA256_HEX_RE = /^[0-9a-f]{64}$/;
export const isSha256Hex = (s: string): boolean => SHA256_HEX_RE.test(s);

/**
 * The type the bytes really are, from their magic numbers — never from a header or a file name,
 * which any client can set. Null for anything that is not one of PHOTO_TYPES.
 */
export function sniffPhotoType(b: Uint8Array): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) {
    return 'image/png';
  }
  // RIFF....WEBP
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) {
    return 'image/webp';
  }
  return null;
}

/** One photo reference as stored in the sheet. */
export interface PhotoRef {
  hash: string;
  type: PhotoType;
  /** Size of the stored (compressed) bytes. */
  bytes: number;
  width: number;
  height: number;
  /** When the picture was taken (EXIF DateTimeOriginal), else when it was chosen; ISO. */
  takenAt: string;
  /** GPS position written by the camera into the original file, when there was one. */
  exifLocation?: LngLat;
  addedBy: string;
  addedByName: string;
  addedAt: string;
}

export function newPhoto(p: PhotoRef): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(p)) if (v !== undefined) m.set(k, v);
  return m;
}

/** Reads one entry defensively (a peer could have written anything); null when unusable. */
export function readPhoto(m: unknown): PhotoRef | null {
  if (!(m instanceof Y.Map)) return null;
  const hash = m.get('hash');
  const type = m.get('type');
  if (typeof hash !== 'string' || !isSha256Hex(hash) || !PHOTO_TYPES.includes(type as PhotoType)) return null;
  const num = (k: string) => {
    const v = m.get(k);
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  };
  const str = (k: string) => {
    const v = m.get(k);
    return typeof v === 'string' ? v : '';
  };
  const loc = m.get('exifLocation');
  return {
    hash,
    type: type as PhotoType,
    bytes: num('bytes'),
    width: num('width'),
    height: num('height'),
    takenAt: str('takenAt'),
    ...(isLngLat(loc) ? { exifLocation: { lng: loc.lng, lat: loc.lat } } : {}),
    addedBy: str('addedBy'),
    addedByName: str('addedByName'),
    addedAt: str('addedAt'),
  };
}

/**
 * The photos of a target or finding, first reference of each hash only: two phones offline can
 * attach the same picture at once, and the merge keeps both entries.
 */
export function readPhotos(arr: unknown): PhotoRef[] {
  if (!(arr instanceof Y.Array)) return [];
  const seen = new Set<string>();
  const out: PhotoRef[] = [];
  for (const m of arr.toArray()) {
    const p = readPhoto(m);
    if (!p || seen.has(p.hash)) continue;
    seen.add(p.hash);
    out.push(p);
  }
  return out;
}

/** The URL a sheet's photo is served from; `doc` tells the server which sheet grants access. */
export function blobUrl(hash: string, docName: string): string {
  return `/api/blobs/${hash}?doc=${encodeURIComponent(docName)}`;
}
