/**
 * /api/admin/groups: inspection groups with their townships (registry data, edited as a new
 * registry version) and their members (accounts whose groupId names the group).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { GroupView } from '../../../shared/adminApi';
import { editGroup } from '../../../shared/registryEdit';
import { commitEdit } from '../../registry/editor';
import { notFound, parse } from '../errors';
import { currentUser } from '../requireUser';
import type { AdminDeps } from './deps';
import { sendProblems } from './problems';
import { adminUser } from './users';

const Townships = z.array(z.string().min(1).max(64)).max(50);
const GroupPatch = z.object({ name: z.string().trim().max(60).optional(), townshipIds: Townships.optional() }).strict();
const NewGroup = z.object({ id: z.string().min(1).max(64), name: z.string().trim().max(60), townshipIds: Townships }).strict();

export function groupAdminRoutes({ ctx, audit }: AdminDeps): Router {
  const r = Router();

  r.get('/', async (_req, res) => {
    const registry = await ctx.registry.load();
    const users = (await ctx.users.listStored()).map(adminUser);
    const out: GroupView[] = (registry?.groups ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      townshipIds: g.townshipIds,
      members: users.filter((u) => u.groupId === g.id).sort((a, b) => (a.role === b.role ? a.username.localeCompare(b.username) : a.role === 'leader' ? -1 : 1)),
    }));
    res.json(out);
  });

  r.post('/', async (req, res) => {
    const { id, ...body } = parse(NewGroup, req.body);
    const done = await commitEdit({ registry: ctx.registry, audit }, currentUser(res), { entity: 'group', id, action: 'create' }, (reg) => editGroup(reg, id, body, true));
    if (!done) throw notFound('no registry yet');
    if (!done.ok) return sendProblems(res, done.problems);
    res.status(201).json(done.after);
  });

  r.patch('/:id', async (req, res) => {
    const id = String(req.params.id);
    const body = parse(GroupPatch, req.body);
    const done = await commitEdit({ registry: ctx.registry, audit }, currentUser(res), { entity: 'group', id, action: 'edit' }, (reg) => editGroup(reg, id, body));
    if (!done) throw notFound('no such group');
    if (!done.ok) return sendProblems(res, done.problems);
    res.json(done.after);
  });

  return r;
}
