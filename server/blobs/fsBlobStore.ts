/**
 * BlobStore on the local filesystem: `<dir>/<first two hex>/<hash>`. The type is sniffed from the
 * file's first bytes on read, so there is no sidecar to drift out of step with the data.
 *
 * Durability: the bytes are written to a temporary file, fsynced, renamed into place and the
 * directory fsynced — once `put` resolves (and the client drops the photo from its outbox) the
 * blob survives a crash. Rename is atomic, so a reader never sees half a file.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sniffPhotoType, type PhotoType } from '../../shared/field/photos';
import { assertHash, type BlobInfo, type BlobObject, type BlobStore } from './blobStore';

/** A stored file whose first bytes are no longer an image: disk corruption or a hand edit. */
export class CorruptBlobError extends Error {
  override readonly name = 'CorruptBlobError';
  constructor(readonly hash: string) {
    super(`stored blob ${hash} is not a known image type`);
  }
}

export class FsBlobStore implements BlobStore {
  readonly #tmp: string;

  constructor(readonly dir: string) {
    this.#tmp = path.join(dir, 'tmp');
  }

  #file(hash: string): string {
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  async put(hash: string, bytes: Uint8Array, _type: PhotoType): Promise<{ created: boolean }> {
    assertHash(hash, bytes);
    if (await this.has(hash)) return { created: false };
    const final = this.#file(hash);
    await mkdir(path.dirname(final), { recursive: true });
    await mkdir(this.#tmp, { recursive: true });
    const tmp = path.join(this.#tmp, `${hash}.${randomBytes(6).toString('hex')}`);
    try {
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      // Two concurrent puts of one hash both rename identical bytes into place: harmless.
      await rename(tmp, final);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await syncDir(path.dirname(final));
    return { created: true };
  }

  async get(hash: string): Promise<BlobObject | null> {
    const info = await this.stat(hash);
    return info ? { ...info, body: createReadStream(this.#file(hash)) } : null;
  }

  async has(hash: string): Promise<boolean> {
    assertHash(hash);
    return (await stat(this.#file(hash)).catch(ifMissing(null))) !== null;
  }

  async stat(hash: string): Promise<BlobInfo | null> {
    assertHash(hash);
    const fh = await open(this.#file(hash), 'r').catch(ifMissing(null));
    if (!fh) return null;
    try {
      const head = new Uint8Array(16);
      await fh.read(head, 0, head.length, 0);
      const type = sniffPhotoType(head);
      if (!type) throw new CorruptBlobError(hash);
      return { hash, size: (await fh.stat()).size, type };
    } finally {
      await fh.close();
    }
  }
}

/** ENOENT → the fallback; anything else (permissions, I/O) is a real failure and propagates. */
function ifMissing<T>(fallback: T) {
  return (err: NodeJS.ErrnoException): T => {
    if (err.code === 'ENOENT') return fallback;
    throw err;
  };
}

/** Makes the rename itself durable. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
