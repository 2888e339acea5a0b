/** The BlobStore contract (SPEC BS1–BS4), one suite run against every implementation. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashMismatchError, InvalidHashError, sha256Hex, type BlobStore } from '../../server/blobs/blobStore';
import { CorruptBlobError, FsBlobStore } from '../../server/blobs/fsBlobStore';
import { MemoryBlobStore } from '../../server/blobs/memoryBlobStore';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fsStore(): FsBlobStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'suicha-blobs-'));
  dirs.push(dir);
  return new FsBlobStore(dir);
}

/** A tiny "JPEG": the magic bytes and some payload (the store sniffs, it does not decode). */
function jpeg(payload: string): Uint8Array {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode(payload)]);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

const implementations: [string, () => BlobStore][] = [
  ['FsBlobStore', fsStore],
  ['MemoryBlobStore', () => new MemoryBlobStore()],
];

describe.each(implementations)('%s', (_name, make) => {
  it('[BS1] returns stored bytes byte for byte, and reports their size and type', async () => {
    const store = make();
    const bytes = jpeg('kitchen photo');
    const hash = sha256Hex(bytes);
    expect(await store.put(hash, bytes, 'image/jpeg')).toEqual({ created: true });
    expect(await store.has(hash)).toBe(true);
    expect(await store.stat(hash)).toEqual({ hash, size: bytes.length, type: 'image/jpeg' });
    const got = await store.get(hash);
    expect(got).toMatchObject({ hash, size: bytes.length, type: 'image/jpeg' });
    expect(new Uint8Array(await readAll(got!.body))).toEqual(bytes);
  });

  it('[BS2] stores one object per content: a second put of the same bytes reports created=false', async () => {
    const store = make();
    const bytes = jpeg('same picture twice');
    const hash = sha256Hex(bytes);
    const [a, b] = await Promise.all([store.put(hash, bytes, 'image/jpeg'), store.put(hash, bytes, 'image/jpeg')]);
    expect([a.created, b.created]).toContain(true);
    expect((await store.put(hash, bytes, 'image/jpeg')).created).toBe(false);
    expect((await store.stat(hash))?.size).toBe(bytes.length);
  });

  it('[BS3] knows nothing of a hash never stored', async () => {
    const store = make();
    const hash = sha256Hex(jpeg('never stored'));
    expect(await store.has(hash)).toBe(false);
    expect(await store.stat(hash)).toBeNull();
    expect(await store.get(hash)).toBeNull();
  });

  it('[BS4] refuses bytes under a name they do not hash to, and names that are not SHA-256 hex', async () => {
    const store = make();
    const bytes = jpeg('honest bytes');
    const wrong = sha256Hex(jpeg('other bytes'));
    await expect(store.put(wrong, bytes, 'image/jpeg')).rejects.toBeInstanceOf(HashMismatchError);
    expect(await store.has(wrong)).toBe(false);
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), '']) {
      await expect(store.has(bad)).rejects.toBeInstanceOf(InvalidHashError);
      await expect(store.put(bad, bytes, 'image/jpeg')).rejects.toBeInstanceOf(InvalidHashError);
    }
  });
});

describe('FsBlobStore on disk', () => {
  it('fans files out by the first two hex digits and leaves no temporary files behind', async () => {
    const store = fsStore();
    const bytes = jpeg('layout');
    const hash = sha256Hex(bytes);
    await store.put(hash, bytes, 'image/jpeg');
    expect(readdirSync(path.join(store.dir, hash.slice(0, 2)))).toEqual([hash]);
    expect(readdirSync(path.join(store.dir, 'tmp'))).toEqual([]);
  });

  it('says so when a stored file is no longer an image (corruption is an error, not a 404)', async () => {
    const store = fsStore();
    const bytes = jpeg('will be damaged');
    const hash = sha256Hex(bytes);
    await store.put(hash, bytes, 'image/jpeg');
    writeFileSync(path.join(store.dir, hash.slice(0, 2), hash), 'garbage');
    await expect(store.stat(hash)).rejects.toBeInstanceOf(CorruptBlobError);
  });
});
