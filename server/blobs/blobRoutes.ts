/**
 * Photos by content hash (SPEC BL1–BL4):
 *
 *   PUT /api/blobs/<sha256>?doc=<docName>   body = the image bytes, Content-Type = its type
 *     201 stored · 200 already stored · 400 bad hash / bad doc / content does not hash to the name
 *     403 no write access to the sheet · 404 no such sheet · 413 too large · 415 not JPEG/WebP/PNG
 *   GET /api/blobs/<sha256>?doc=<docName>
 *     200 the bytes (immutable, private cache) · 304 · 403 may not see the sheet
 *     404 unknown, or not uploaded for that sheet
 *
 * Thin: validation and access here, bytes in the BlobStore, ownership in BlobOwners.
 */
import type { Request } from 'express';
import { Router } from 'express';
import { PHOTO_TYPES, isSha256Hex, sniffPhotoType, type PhotoType } from '../../shared/field/photos';
import { sheetAccess } from '../../shared/roles';
import { parseSheetDocName, type SheetName } from '../../shared/sheet';
import type { AppContext } from '../api/context';
import { badRequest, forbidden, HttpError, notFound } from '../api/errors';
import { currentUser, requireUser } from '../api/requireUser';
import { HashMismatchError } from './blobStore';

/** Past this many bytes beyond the limit we stop draining an oversize body and drop the socket. */
const DRAIN_CAP = 64 * 1024 * 1024;

const tooLarge = (max: number) => new HttpError(413, 'too_large', `photo is larger than ${max} bytes (${(max / 1048576).toFixed(1)} MiB)`);
const unsupported = (why: string) => new HttpError(415, 'unsupported_type', `${why}; only ${PHOTO_TYPES.join(', ')} are accepted`);

function params(req: Request): { hash: string; docName: string; sheet: SheetName } {
  const hash = String(req.params.hash);
  if (!isSha256Hex(hash)) throw badRequest('hash must be the SHA-256 of the content, 64 lowercase hex digits', 'hash');
  const docName = typeof req.query.doc === 'string' ? req.query.doc : '';
  const sheet = parseSheetDocName(docName);
  if (!sheet) throw badRequest('doc must be a sheet name sheet:<groupId>:<YYYY-MM-DD>', 'doc');
  return { hash, docName, sheet };
}

/**
 * Reads the body up to `max` bytes. An oversize body is drained (not cut off) before we answer,
 * so the phone's browser receives the 413 instead of a reset it would retry forever.
 */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > max + DRAIN_CAP) {
      req.destroy();
      break;
    }
    if (n <= max) chunks.push(chunk);
  }
  if (n > max) throw tooLarge(max);
  return Buffer.concat(chunks, n);
}

export function blobRoutes(ctx: AppContext): Router {
  const r = Router();
  const { blobs, blobOwners } = ctx;
  const max = ctx.config.blobMaxBytes;

  r.put('/:hash', requireUser(ctx.auth), async (req, res) => {
    const user = currentUser(res);
    const { hash, docName, sheet } = params(req);
    if (sheetAccess(user, sheet.groupId) !== 'write') throw forbidden('you may not add photos to this sheet');
    if (!(await ctx.sheets.exists(sheet.groupId, sheet.date))) throw notFound('no such sheet');
    const declared = Number(req.get('content-length') ?? NaN);
    if (declared > max) {
      await readBody(req, max).catch(() => undefined); // drain; the 413 below is the answer
      throw tooLarge(max);
    }
    const headerType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!PHOTO_TYPES.includes(headerType as PhotoType)) {
      await readBody(req, max).catch(() => undefined);
      throw unsupported(`Content-Type "${headerType || 'none'}" is not a photo type`);
    }
    const bytes = await readBody(req, max);
    const type = sniffPhotoType(bytes);
    if (!type) throw unsupported('the content is not a JPEG, WebP or PNG image');
    if (type !== headerType) throw unsupported(`the content is ${type}, not ${headerType}`);
    let created: boolean;
    try {
      ({ created } = await blobs.put(hash, bytes, type));
    } catch (err) {
      if (err instanceof HashMismatchError) throw badRequest(`content does not match its name: ${err.message}`, 'hash');
      throw err;
    }
    await blobOwners.add(hash, docName);
    ctx.log.info('blob.stored', { reqId: res.locals.reqId, hash, doc: docName, bytes: bytes.length, type, created, user: user.id });
    res.status(created ? 201 : 200).json({ hash, size: bytes.length, type, created });
  });

  r.get('/:hash', requireUser(ctx.auth), async (req, res) => {
    const user = currentUser(res);
    const { hash, docName, sheet } = params(req);
    if (sheetAccess(user, sheet.groupId) === 'none') throw forbidden('you may not see this sheet');
    if (!(await blobOwners.owns(hash, docName))) throw notFound('no such photo on this sheet');
    const etag = `"${hash}"`;
    // Content-addressed: the bytes under a hash never change. `private`: shared caches must not
    // keep a photo that only some users may see.
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('ETag', etag);
    if ((req.get('if-none-match') ?? '').split(/\s*,\s*/).includes(etag)) {
      res.status(304).end();
      return;
    }
    const blob = await blobs.get(hash);
    if (!blob) throw notFound('photo not stored yet');
    res.setHeader('Content-Type', blob.type);
    res.setHeader('Content-Length', String(blob.size));
    await new Promise<void>((resolve) => {
      blob.body.once('error', (err) => {
        // Headers are out: the client sees a cut-off response (and retries), never a wrong one.
        ctx.log.error('blob.read_failed', { reqId: res.locals.reqId, hash, err });
        res.destroy(err);
        resolve();
      });
      res.once('close', resolve);
      blob.body.pipe(res);
    });
  });

  return r;
}
