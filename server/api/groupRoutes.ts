import { Router } from 'express';
import { sheetAccess } from '../../shared/roles';
import type { AppContext } from './context';
import { forbidden, notFound } from './errors';
import { currentUser, requireUser } from './requireUser';

export function groupRoutes(ctx: AppContext): Router {
  const r = Router();

  /** A group and its members, for the leader's progress panel; same visibility as its sheets. */
  r.get('/:groupId', requireUser(ctx.auth), async (req, res) => {
    const user = currentUser(res);
    const groupId = String(req.params.groupId);
    if (sheetAccess(user, groupId) === 'none') throw forbidden('not your group');
    const registry = await ctx.registry.load();
    const group = registry?.groups.find((g) => g.id === groupId);
    if (!group || !registry) throw notFound('no such group');
    const townships = registry.townships.filter((t) => group.townshipIds.includes(t.id)).map((t) => ({ id: t.id, name: t.name }));
    const members = await ctx.users.groupMembers(groupId);
    res.json({ id: group.id, name: group.name, townships, members });
  });

  return r;
}
