/**
 * The Cache Storage bucket photos are served from offline (the service worker's runtime cache in
 * vite.config.ts, and the outbox's copies of photos uploaded from this device). The service
 * worker answers from it without asking the server, so it is emptied when a user leaves the
 * device: the next user must not see another group's evidence.
 */
export const PHOTO_CACHE = 'suicha-photos';

export async function forgetPhotoCache(): Promise<void> {
  if (!('caches' in globalThis)) return;
  try {
    await caches.delete(PHOTO_CACHE);
  } catch (err) {
    console.warn('photos: could not clear the offline photo cache', err);
  }
}
