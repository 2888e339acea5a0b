/** Photo references in the sheet and type sniffing by magic bytes. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blobUrl, isSha256Hex, newPhoto, readPhotos, sniffPhotoType, type PhotoRef } from '../../shared/field/photos';
import { addTargets, newFinding } from '../../shared/sheet';

const HASH = 'a'.repeat(64);
const ref = (hash = HASH): PhotoRef => ({
  hash,
  type: 'image/jpeg',
  bytes: 1234,
  width: 800,
  height: 600,
  takenAt: '2026-11-22T02:00:00.000Z',
  exifLocation: { lng: 116.1, lat: 39.2 },
  addedBy: 'u1',
  addedByName: '张三',
  addedAt: '2026-11-22T02:01:00.000Z',
});

describe('photo references', () => {
  it('sniffs JPEG, PNG and WebP by their magic bytes and refuses anything else', () => {
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffPhotoType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffPhotoType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffPhotoType(new TextEncoder().encode('GIF89a......'))).toBeNull();
    expect(sniffPhotoType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('accepts only lowercase 64-hex hashes', () => {
    expect(isSha256Hex(HASH)).toBe(true);
    expect(isSha256Hex(HASH.toUpperCase())).toBe(false);
    expect(isSha256Hex('../' + HASH.slice(3))).toBe(false);
  });

  it('round-trips a reference through a Y.Map and drops duplicates of one hash (two phones, one picture)', () => {
    const doc = new Y.Doc();
    const arr = doc.getArray('photos');
    arr.push([newPhoto(ref()), newPhoto(ref()), newPhoto(ref('b'.repeat(64)))]);
    const out = readPhotos(arr);
    expect(out.map((p) => p.hash)).toEqual([HASH, 'b'.repeat(64)]);
    expect(out[0]).toEqual(ref());
  });

  it('ignores entries a peer wrote badly instead of failing', () => {
    const doc = new Y.Doc();
    const arr = doc.getArray<unknown>('photos');
    const bad = new Y.Map<unknown>();
    bad.set('hash', 'nope');
    const noLoc = newPhoto({ ...ref(), exifLocation: undefined });
    arr.push([bad, 'string', noLoc]);
    const out = readPhotos(arr);
    expect(out).toHaveLength(1);
    expect(out[0]!.exifLocation).toBeUndefined();
  });

  it('creates the photos array with every target and finding, so no two phones race to create it', () => {
    const doc = new Y.Doc();
    addTargets(doc, [{ id: 't1', kind: 'screening', refKind: 'household', refId: 'h1', label: 'x', place: 'p', townshipId: 't', villageId: 'v', reason: '' }]);
    const t = doc.getMap<Y.Map<unknown>>('targets').get('t1')!;
    expect(t.get('photos')).toBeInstanceOf(Y.Array);
    const f = newFinding({ id: 'f1', category: 'policy', severity: 'low', description: 'd', createdBy: 'u', createdByName: 'n', createdAt: '' });
    (t.get('findings') as Y.Array<Y.Map<unknown>>).push([f]);
    expect(f.get('photos')).toBeInstanceOf(Y.Array);
  });

  it('builds the access-checked URL with the sheet name encoded', () => {
    expect(blobUrl(HASH, 'sheet:g1:2026-11-22')).toBe(`/api/blobs/${HASH}?doc=sheet%3Ag1%3A2026-11-22`);
  });
});
