/**
 * The command centre's HTTP API (thin: scope check, validation, then the service).
 *   GET /api/coverage?date=          a day's coverage (replay of any past day; today by default)
 *   GET /api/coverage/geo            the map's own data (townships, villages, households)
 *   GET /api/coverage/target?…       one target's check as the group filled it in (popup)
 *   GET /api/map/config              which map engine to use, and the basemap if there is one
 *   GET /api/map/basemap/<v>.pmtiles byte ranges of the admin's PMTiles basemap (server/basemap/)
 * command/admin see the county, a leader their own group; everyone else gets 403.
 */
import { gzipSync } from 'node:zlib';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { coverageScope, scopeIncludes, type CoverageScope } from '../../shared/coverage/access';
import type { CoverageGeo, MapConfig } from '../../shared/coverage/types';
import { isDay } from '../../shared/dates';
import { GROUP_ID_RE } from '../../shared/sheet';
import type { AppContext } from '../api/context';
import { forbidden, notFound, parse, unavailable } from '../api/errors';
import { currentUser, requireUser } from '../api/requireUser';
import { basemapRoutes } from '../basemap/routes';
import { coverageFor } from './service';

const Day = z.string().refine(isDay, 'must be a calendar date YYYY-MM-DD');
const DayQuery = z.object({ date: Day.optional() }).strict();
const TargetQuery = z.object({ date: Day, groupId: z.string().regex(GROUP_ID_RE), targetId: z.string().min(1).max(200) }).strict();

function scopeOf(res: Response): CoverageScope {
  const scope = coverageScope(currentUser(res));
  if (!scope) throw forbidden('the command centre is for the command centre, the county office and group leaders');
  return scope;
}

/** The geo payload is the same until the registry changes: gzip it once per registry and scope. */
const gzipped = new WeakMap<CoverageGeo, Buffer>();

export function coverageRoutes(ctx: AppContext): Router {
  const r = Router();
  const service = () => coverageFor(ctx);

  r.get('/', requireUser(ctx.auth), async (req, res) => {
    const scope = scopeOf(res);
    const q = parse(DayQuery, req.query);
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service().snapshot(q.date ?? service().today(), scope));
  });

  r.get('/geo', requireUser(ctx.auth), async (req, res) => {
    const scope = scopeOf(res);
    const s = service();
    if (!s.view.registry) await s.view.refresh();
    const geo = s.view.geo(scope.kind === 'group' ? scope.groupId : null);
    if (!geo) throw unavailable();
    const etag = `"${geo.registry.slice(0, 16)}-${scope.kind === 'group' ? scope.groupId : 'county'}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Accept-Encoding, Cookie');
    if (req.get('if-none-match') === etag) return void res.status(304).end();
    res.type('application/json');
    if (/\bgzip\b/.test(req.get('accept-encoding') ?? '')) {
      let body = gzipped.get(geo);
      if (!body) gzipped.set(geo, (body = gzipSync(JSON.stringify(geo))));
      res.setHeader('Content-Encoding', 'gzip');
      return void res.send(body);
    }
    res.send(JSON.stringify(geo));
  });

  r.get('/target', requireUser(ctx.auth), async (req, res) => {
    const scope = scopeOf(res);
    const q = parse(TargetQuery, req.query);
    if (!scopeIncludes(scope, q.groupId)) throw forbidden('not your group');
    const detail = await service().detail(q.date, q.groupId, q.targetId);
    if (!detail) throw notFound('no such target on that sheet');
    res.setHeader('Cache-Control', 'no-store');
    res.json(detail);
  });

  return r;
}

export function mapRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/config', requireUser(ctx.auth), (_req, res) => {
    const token = ctx.config.mapboxAccessToken;
    const body: MapConfig = token ? { engine: 'mapbox', mapboxToken: token } : { engine: 'maplibre' };
    if (ctx.basemap) body.basemap = ctx.basemap.config;
    res.json(body);
  });
  r.use('/basemap', basemapRoutes(ctx));
  return r;
}
