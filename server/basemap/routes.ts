/**
 * GET /api/map/basemap/<version>.pmtiles — the admin's PMTiles archive, one byte range at a time
 * (the `pmtiles` client reads the header, directories and tiles with `Range`). Only that one name
 * is served; a request for the whole file, several ranges or a range past the end is refused.
 */
import { pipeline } from 'node:stream';
import { Router } from 'express';
import type { AppContext } from '../api/context';
import { badRequest, HttpError, notFound } from '../api/errors';
import { requireUser } from '../api/requireUser';

export function basemapRoutes(ctx: AppContext): Router {
  const r = Router();
  // GET also answers HEAD in Express.
  r.get('/:file', requireUser(ctx.auth), (req, res) => {
    const b = ctx.basemap;
    if (!b || req.params.file !== b.fileName) throw notFound('no such basemap');
    const ranges = req.range(b.size, { combine: true });
    if (ranges === undefined && req.method !== 'HEAD') throw badRequest('ask for one byte range (Range: bytes=first-last); the archive is not sent whole', 'range');
    if (ranges !== undefined && (ranges === -1 || ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1)) {
      res.setHeader('Content-Range', `bytes */${b.size}`);
      throw new HttpError(416, 'range_not_satisfiable', `one byte range within 0–${b.size - 1} is served`, 'range');
    }
    res.setHeader('ETag', b.etag);
    res.setHeader('Accept-Ranges', 'bytes');
    // The name is the content's version, so a cached range can never be stale; `no-transform`
    // keeps compression() from gzipping a byte range (its offsets would no longer match).
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable, no-transform');
    res.type('application/vnd.pmtiles');
    if (req.fresh) return void res.status(304).end();
    if (ranges === undefined) {
      res.setHeader('Content-Length', String(b.size));
      return void res.status(200).end();
    }
    const { start, end } = ranges[0]!;
    res.status(206);
    res.setHeader('Content-Range', `bytes ${start}-${end}/${b.size}`);
    res.setHeader('Content-Length', String(end - start + 1));
    if (req.method === 'HEAD') return void res.end();
    pipeline(b.stream(start, end), res, (err) => {
      // A map that pans away aborts its tile requests: that is not worth a log line.
      if (err && (err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') ctx.log.warn('basemap.read_failed', { reqId: res.locals.reqId, err });
    });
  });
  return r;
}
