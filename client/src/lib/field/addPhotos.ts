/**
 * Attaching what the camera or gallery returned: prepare each file, put it in the outbox, then
 * reference it from the sheet — in that order, so the sheet never points at bytes that are
 * neither on this device nor on the server.
 */
import type * as Y from 'yjs';
import type { PublicUser } from '../../../../shared/roles';
import { outbox } from './outbox.svelte';
import { attachPhoto } from './photoActions';
import { PhotoError, preparePhoto, type PhotoErrorCode } from './preparePhoto';

export interface AddPhotosResult {
  added: number;
  /** Pictures this target or finding already had. */
  duplicates: number;
  errors: { fileName: string; code: PhotoErrorCode | 'storage' }[];
}

export async function addPhotos(files: readonly File[], owner: Y.Map<unknown>, docName: string, user: PublicUser, maxBytes: number): Promise<AddPhotosResult> {
  const result: AddPhotosResult = { added: 0, duplicates: 0, errors: [] };
  for (const file of files) {
    try {
      const p = await preparePhoto(file, maxBytes);
      await outbox.add(p, docName);
      const fresh = attachPhoto(owner, {
        hash: p.hash,
        type: p.type,
        bytes: p.bytes.length,
        width: p.width,
        height: p.height,
        takenAt: p.takenAt,
        ...(p.exifLocation ? { exifLocation: p.exifLocation } : {}),
        addedBy: user.id,
        addedByName: user.name,
        addedAt: new Date().toISOString(),
      });
      if (fresh) result.added++;
      else result.duplicates++;
    } catch (err) {
      if (err instanceof PhotoError) result.errors.push({ fileName: file.name, code: err.code });
      else {
        // IndexedDB full or blocked: the photo is not kept anywhere, so it must not be referenced.
        console.error('photos: could not queue', file.name, err);
        result.errors.push({ fileName: file.name, code: 'storage' });
      }
    }
  }
  return result;
}
