/** `PUT /api/blobs/<hash>?doc=` for the outbox, with every answer sorted into what to do next. */
import { blobUrl, type PhotoType } from '../../../../shared/field/photos';
import type { ApiError } from '../../../../shared/api';

export type UploadResult =
  | { kind: 'done' }
  /** No answer, or the server is busy or down: try again later. */
  | { kind: 'retry'; reason: string }
  /** The session is gone: keep the photo and wait for a new login. */
  | { kind: 'unauthorized' }
  /** The server refused this photo for good (too large, wrong type, no access). */
  | { kind: 'rejected'; status: number; code: string; message: string };

export async function uploadBlob(hash: string, docName: string, type: PhotoType, data: ArrayBuffer, signal?: AbortSignal): Promise<UploadResult> {
  let res: Response;
  try {
    res = await fetch(blobUrl(hash, docName), { method: 'PUT', credentials: 'same-origin', headers: { 'content-type': type }, body: data, signal });
  } catch (err) {
    return { kind: 'retry', reason: err instanceof Error ? err.message : 'network error' };
  }
  if (res.ok) return { kind: 'done' };
  if (res.status === 401) return { kind: 'unauthorized' };
  if (res.status === 408 || res.status === 429 || res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status}` };
  const body = (await res.json().catch(() => null)) as ApiError | null;
  return { kind: 'rejected', status: res.status, code: body?.error ?? 'http_error', message: body?.message ?? `HTTP ${res.status}` };
}
