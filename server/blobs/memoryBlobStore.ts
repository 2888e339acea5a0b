/** BlobStore in memory: for tests, and the reference the contract suite checks the others against. */
import { Readable } from 'node:stream';
import type { PhotoType } from '../../shared/field/photos';
import { assertHash, type BlobInfo, type BlobObject, type BlobStore } from './blobStore';

export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, { bytes: Uint8Array; type: PhotoType }>();

  async put(hash: string, bytes: Uint8Array, type: PhotoType): Promise<{ created: boolean }> {
    assertHash(hash, bytes);
    if (this.#blobs.has(hash)) return { created: false };
    this.#blobs.set(hash, { bytes: new Uint8Array(bytes), type });
    return { created: true };
  }

  async get(hash: string): Promise<BlobObject | null> {
    const info = await this.stat(hash);
    if (!info) return null;
    return { ...info, body: Readable.from([Buffer.from(this.#blobs.get(hash)!.bytes)]) };
  }

  async has(hash: string): Promise<boolean> {
    assertHash(hash);
    return this.#blobs.has(hash);
  }

  async stat(hash: string): Promise<BlobInfo | null> {
    assertHash(hash);
    const b = this.#blobs.get(hash);
    return b ? { hash, size: b.bytes.length, type: b.type } : null;
  }
}
