/**
 * `/api/draws/<date>` (issue 4). The county office (admin) previews, publishes and re-draws;
 * admin and command read every draw in full; a group's leader and inspectors read their own
 * group's lists with the seed and hashes, and may ask the server to verify. Units: 403.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { DrawsResponse, DrawView, VerifyReport } from '../../shared/drawApi';
import { isDay } from '../../shared/dates';
import type { PublicUser, Role } from '../../shared/roles';
import type { AppContext } from '../api/context';
import { badRequest, notFound, parse } from '../api/errors';
import { currentUser, requireUser } from '../api/requireUser';
import type { StoredDraw } from './repo';
import { draws } from './wiring';

const READERS: readonly Role[] = ['admin', 'command', 'leader', 'inspector'];
const FULL_READERS: readonly Role[] = ['admin', 'command'];

const PreviewBody = z.object({ settings: z.unknown().optional() }).strict();
const PublishBody = z.object({ settings: z.unknown().optional(), reason: z.string().max(2000).optional() }).strict();
const SeqQuery = z.object({ seq: z.coerce.number().int().min(1).optional() }).strict();

function dateOf(req: Request): string {
  const d = String(req.params.date);
  if (!isDay(d)) throw badRequest(`date: must be a calendar date YYYY-MM-DD, got ${JSON.stringify(d.slice(0, 40))}`, 'date');
  return d;
}

const fullView = (user: PublicUser) => FULL_READERS.includes(user.role);

/** A group's leader and inspectors see their group's lists; the county-wide inputs stay with the office. */
export function viewFor(user: PublicUser, s: StoredDraw, supersededBy: number | null): DrawView {
  if (fullView(user)) return { ...s.draw, scope: 'full', supersededBy };
  const { recentlyChecked: _r, awaitingRevisit: _a, ...rest } = s.draw;
  return { ...rest, result: { ...rest.result, groups: rest.result.groups.filter((g) => g.groupId === user.groupId) }, scope: 'group', supersededBy };
}

function reportFor(user: PublicUser, r: VerifyReport): VerifyReport {
  if (fullView(user)) return r;
  return { ...r, differences: r.differences.filter((d) => !d.groupId || d.groupId === user.groupId) };
}

export function drawRoutes(ctx: AppContext): Router {
  const r = Router();
  const D = () => draws(ctx).service;
  const admin = requireUser(ctx.auth, ['admin']);
  const readers = requireUser(ctx.auth, READERS);

  r.post('/:date/preview', admin, async (req, res) => {
    const date = dateOf(req);
    const body = parse(PreviewBody, req.body ?? {});
    res.json(await D().preview(date, body.settings));
  });

  r.post('/:date/publish', admin, async (req, res) => {
    const date = dateOf(req);
    const body = parse(PublishBody, req.body ?? {});
    const user = currentUser(res);
    const draw = await D().publish(date, body, { id: user.id, name: user.name });
    res.status(201).json({ draw: { ...draw, scope: 'full', supersededBy: null } satisfies DrawView });
  });

  // Finishes a publish whose sheet filling failed (Redis went away half-way); harmless otherwise.
  r.post('/:date/fill', admin, async (req, res) => {
    const date = dateOf(req);
    const filled = await D().fill(date);
    if (filled.length === 0) throw notFound(`no draw published for ${date}`);
    res.json({ filled });
  });

  r.get('/:date', readers, async (req, res) => {
    const date = dateOf(req);
    const user = currentUser(res);
    const all = await D().list(date);
    const body: DrawsResponse = { date, draws: all.map((s, i) => viewFor(user, s, all[i + 1]?.draw.seq ?? null)) };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });

  // A recomputation costs up to a second of CPU: concurrent asks share the run in flight, so a
  // crowd pressing "verify" costs one run, not one each. A finished run is never reused (a
  // tampered log must show at the next ask).
  const inFlight = new Map<string, ReturnType<ReturnType<typeof D>['verify']>>();
  r.get('/:date/verify', readers, async (req, res) => {
    const date = dateOf(req);
    const { seq } = parse(SeqQuery, req.query);
    const key = `${date}:${seq ?? 'latest'}`;
    let run = inFlight.get(key);
    if (!run) {
      run = D().verify(date, seq);
      inFlight.set(key, run);
      const done = () => inFlight.delete(key);
      run.then(done, done);
    }
    const report = await run;
    if (!report) throw notFound(seq ? `no draw #${seq} for ${date}` : `no draw published for ${date}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(reportFor(currentUser(res), report));
  });

  // The whole registry snapshot is in the input: county office and command centre only.
  r.get('/:date/input', requireUser(ctx.auth, FULL_READERS), async (req, res) => {
    const date = dateOf(req);
    const { seq } = parse(SeqQuery, req.query);
    const json = await D().inputJson(date, seq);
    if (json === null) throw notFound(seq ? `no draw #${seq} for ${date}` : `no draw published for ${date}`);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="draw-input-${date}${seq ? `-${seq}` : ''}.json"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(json);
  });

  return r;
}
