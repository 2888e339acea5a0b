/**
 * /api/admin: the county office's registry, users and groups, and audit trail. Every route is
 * for the `admin` role only (401 without a session, 403 for any other role).
 */
import { Router } from 'express';
import { z } from 'zod';
import { AuditLog } from '../../registry/audit';
import type { AppContext } from '../context';
import { parse } from '../errors';
import { requireUser } from '../requireUser';
import type { AdminDeps } from './deps';
import { groupAdminRoutes } from './groups';
import { registryRoutes } from './registry';
import { transferRoutes } from './transfer';
import { userRoutes } from './users';

const AuditQuery = z.object({ before: z.string().regex(/^\d+-\d+$/).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export function adminRoutes(ctx: AppContext): Router {
  const deps: AdminDeps = { ctx, audit: new AuditLog(ctx.redis) };
  const r = Router();
  r.use(requireUser(ctx.auth, ['admin']));
  r.use('/registry', transferRoutes(deps));
  r.use('/registry', registryRoutes(deps));
  r.use('/users', userRoutes(deps));
  r.use('/groups', groupAdminRoutes(deps));
  r.get('/audit', async (req, res) => {
    const q = parse(AuditQuery, req.query);
    res.json(await deps.audit.list({ limit: q.limit, ...(q.before ? { before: q.before } : {}) }));
  });
  return r;
}
