/**
 * Photo references in the sheet, each write one transaction with the LOCAL_UI origin. The owner
 * is a target's or a finding's Y.Map; its `photos` array holds the references (schema in
 * shared/field/photos.ts).
 */
import * as Y from 'yjs';
import { newPhoto, readPhotos, type PhotoRef } from '../../../../shared/field/photos';
import { LOCAL_UI } from '../sheet/origins';

function photosOf(owner: Y.Map<unknown>): Y.Array<unknown> | null {
  const a = owner.get('photos');
  return a instanceof Y.Array ? a : null;
}

/**
 * Adds a reference unless this owner already has the picture. Returns false for a duplicate.
 * Sheets made before photos existed lack the array; it is created here (the server creates it
 * with every new target and finding, so two offline phones do not race to create it).
 */
export function attachPhoto(owner: Y.Map<unknown>, ref: PhotoRef): boolean {
  const doc = owner.doc;
  if (!doc) throw new Error('photo owner is not attached to a document');
  let added = false;
  doc.transact(() => {
    let arr = photosOf(owner);
    if (!arr) {
      arr = new Y.Array<unknown>();
      owner.set('photos', arr);
    }
    if (readPhotos(arr).some((p) => p.hash === ref.hash)) return;
    arr.push([newPhoto(ref)]);
    added = true;
  }, LOCAL_UI);
  return added;
}

/** Removes every reference to `hash` from this owner. */
export function detachPhoto(owner: Y.Map<unknown>, hash: string): void {
  const arr = photosOf(owner);
  const doc = owner.doc;
  if (!arr || !doc) return;
  doc.transact(() => {
    for (let i = arr.length - 1; i >= 0; i--) {
      const m = arr.get(i);
      if (m instanceof Y.Map && m.get('hash') === hash) arr.delete(i, 1);
    }
  }, LOCAL_UI);
}

/** Whether any target or finding of the sheet still references `hash` (before dropping its upload). */
export function isReferenced(doc: Y.Doc, hash: string): boolean {
  for (const target of doc.getMap<Y.Map<unknown>>('targets').values()) {
    if (!(target instanceof Y.Map)) continue;
    if (readPhotos(target.get('photos')).some((p) => p.hash === hash)) return true;
    const findings = target.get('findings');
    if (findings instanceof Y.Array) {
      for (const f of findings.toArray()) if (f instanceof Y.Map && readPhotos(f.get('photos')).some((p) => p.hash === hash)) return true;
    }
  }
  return false;
}
