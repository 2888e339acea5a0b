/** PUT/GET /api/blobs and GET /api/settings/field over HTTP, real Redis (SPEC BL1–BL4). */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../server/blobs/blobStore';
import type { RunningServer } from '../../server/server';
import type { SheetInfo } from '../../shared/api';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { login, startTestServer } from '../helpers/server';

const MAX = 64 * 1024;
let redis: TestRedis;
let server: RunningServer;
const tokens: Record<string, string> = {};
let doc1 = '';
let doc2 = '';

/** Bytes that pass the magic-number check (the server sniffs, it does not decode). */
const jpeg = (payload: string, pad = 0): Uint8Array<ArrayBuffer> => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode(payload), ...new Uint8Array(pad)]);
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function put(hash: string, doc: string, body: Uint8Array<ArrayBuffer>, who = 'inspector1a', type = 'image/jpeg') {
  return fetch(`${server.url}/api/blobs/${hash}?doc=${encodeURIComponent(doc)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': type },
    body,
  });
}

function get(hash: string, doc: string, who = 'inspector1a', headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/blobs/${hash}?doc=${encodeURIComponent(doc)}`, { headers: { authorization: `Bearer ${tokens[who]}`, ...headers } });
}

const storedFiles = () => readdirSync(server.ctx.config.blobDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.endsWith(`${path.sep}tmp`));

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { blobMaxBytes: MAX });
  for (const u of ['inspector1a', 'inspector2a', 'leader1', 'command', 'unit1']) tokens[u] = (await login(server.url, u)).token;
  const list = async (who: string) => (await (await fetch(`${server.url}/api/sheets`, { headers: { authorization: `Bearer ${tokens[who]}` } })).json()) as SheetInfo[];
  doc1 = (await list('inspector1a'))[0]!.docName;
  doc2 = (await list('inspector2a'))[0]!.docName;
});

afterAll(async () => {
  await server?.close();
  await redis?.cleanup();
});

describe('PUT /api/blobs/<sha256>', () => {
  it('[BL1] stores a photo under its hash once: 201 the first time, 200 after, one file on disk', async () => {
    const bytes = jpeg('kitchen');
    const hash = sha256Hex(bytes);
    const first = await put(hash, doc1, bytes);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ hash, size: bytes.length, type: 'image/jpeg', created: true });
    const again = await put(hash, doc1, bytes, 'leader1');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { created: boolean }).created).toBe(false);
    expect(storedFiles().filter((f) => f.name === hash)).toHaveLength(1);
  });

  it('[BL2] answers 413 over the size limit, with the limit in the message', async () => {
    const bytes = jpeg('huge', MAX);
    const res = await put(sha256Hex(bytes), doc1, bytes);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'too_large', message: expect.stringMatching(/65536 bytes/) });
  });

  it('[BL2] answers 415 for content that is not JPEG/WebP/PNG by its magic bytes, whatever the header says', async () => {
    const gif = new TextEncoder().encode('GIF89a fake');
    let res = await put(sha256Hex(gif), doc1, gif);
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'unsupported_type', message: expect.stringMatching(/not a JPEG, WebP or PNG/) });
    // A header that is not a photo type.
    const ok = jpeg('header lies');
    res = await put(sha256Hex(ok), doc1, ok, 'inspector1a', 'text/html');
    expect(res.status).toBe(415);
    // Bytes of one type sent as another.
    const png = new Uint8Array([...PNG_MAGIC, 1, 2, 3]);
    res = await put(sha256Hex(png), doc1, png, 'inspector1a', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { message: string }).message).toMatch(/image\/png, not image\/jpeg/);
  });

  it('[BL2] answers 400 naming the field for a bad hash, bad sheet name or content that does not match its hash', async () => {
    const bytes = jpeg('mismatch');
    let res = await put('0'.repeat(64), doc1, bytes);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'hash', message: expect.stringMatching(/does not match/) });
    res = await put('not-a-hash', doc1, bytes);
    expect(await res.json()).toMatchObject({ field: 'hash' });
    res = await put(sha256Hex(bytes), '../etc', bytes);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: 'doc' });
  });

  it('[BL3] needs write access to the sheet: 401 without a session, 403 for another group or a read-only role, 404 for no such sheet', async () => {
    const bytes = jpeg('access');
    const hash = sha256Hex(bytes);
    const anon = await fetch(`${server.url}/api/blobs/${hash}?doc=${encodeURIComponent(doc1)}`, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: bytes });
    expect(anon.status).toBe(401);
    expect((await put(hash, doc1, bytes, 'inspector2a')).status).toBe(403);
    expect((await put(hash, doc1, bytes, 'command')).status).toBe(403);
    expect((await put(hash, 'sheet:g1:2001-01-01', bytes)).status).toBe(404);
  });
});

describe('GET /api/blobs/<sha256>?doc=', () => {
  it('[BL4] serves the bytes to anyone who may see the sheet, with immutable private caching and an ETag', async () => {
    const bytes = jpeg('signed visit form');
    const hash = sha256Hex(bytes);
    await put(hash, doc1, bytes);
    for (const who of ['inspector1a', 'leader1', 'command']) {
      const res = await get(hash, doc1, who);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(res.headers.get('etag')).toBe(`"${hash}"`);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    }
    expect((await get(hash, doc1, 'inspector1a', { 'if-none-match': `"${hash}"` })).status).toBe(304);
  });

  it('[BL4] refuses a user of another group (403) and a photo that was never uploaded for that sheet (404)', async () => {
    const bytes = jpeg('group one only');
    const hash = sha256Hex(bytes);
    await put(hash, doc1, bytes);
    expect((await get(hash, doc1, 'inspector2a')).status).toBe(403);
    expect((await get(hash, doc1, 'unit1')).status).toBe(403);
    // Group 2 names its own sheet: the photo does not belong to it.
    expect((await get(hash, doc2, 'inspector2a')).status).toBe(404);
  });
});

describe('GET /api/settings/field', () => {
  it('hands clients the effective presence distance and upload limits', async () => {
    const res = await fetch(`${server.url}/api/settings/field`, { headers: { authorization: `Bearer ${tokens.inspector1a}` } });
    expect(await res.json()).toEqual({ presenceMaxMeters: 300, blobMaxBytes: MAX, blobTypes: ['image/jpeg', 'image/webp', 'image/png'] });
  });
});
