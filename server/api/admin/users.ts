/**
 * /api/admin/users: create accounts, reset passwords, change role, group, unit, deactivate.
 * Deactivation and password resets end every session of the user and close its open sync and
 * socket.io connections at once; a changed role or group closes them so they reconnect with
 * the access that now applies.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AdminUser } from '../../../shared/adminApi';
import { USERNAME_RE } from '../../../shared/registryTable/plan';
import { ROLES, type Role } from '../../../shared/roles';
import type { StoredUser } from '../../auth/users';
import { closeUserSockets } from '../../auth/userSockets';
import { badRequest, HttpError, notFound, parse } from '../errors';
import { currentUser } from '../requireUser';
import type { AdminDeps } from './deps';

const Password = z.string().min(8, 'at least 8 characters').max(128);
const Name = z.string().trim().min(1, 'is required').max(60);
const Id = z.string().min(1).max(64);

const NewUser = z
  .object({
    username: z.string().trim().regex(USERNAME_RE, '2–32 letters, digits, dot, underscore or hyphen'),
    name: Name,
    role: z.enum(ROLES),
    groupId: Id.optional(),
    unitId: Id.optional(),
    password: Password,
  })
  .strict();

const UserPatch = z
  .object({
    name: Name.optional(),
    role: z.enum(ROLES).optional(),
    groupId: Id.nullable().optional(),
    unitId: Id.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const PasswordBody = z.object({ password: Password }).strict();

export const adminUser = (u: Omit<StoredUser, 'passwordHash'>): AdminUser => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role,
  ...(u.groupId ? { groupId: u.groupId } : {}),
  ...(u.unitId ? { unitId: u.unitId } : {}),
  active: u.active,
  createdAt: u.createdAt,
});

const needsGroup = (r: Role) => r === 'leader' || r === 'inspector';

export function userRoutes({ ctx, audit }: AdminDeps): Router {
  const r = Router();

  /** A group for leaders and inspectors, a unit for units, neither for the others; ids must exist. */
  async function checkAssignment(role: Role, groupId: string | undefined, unitId: string | undefined): Promise<void> {
    const registry = await ctx.registry.load();
    if (needsGroup(role)) {
      if (!groupId) throw badRequest('groupId: a leader or inspector needs a group', 'groupId');
      if (!registry?.groups.some((g) => g.id === groupId)) throw badRequest(`groupId: no group "${groupId}"`, 'groupId');
    } else if (groupId) throw badRequest('groupId: only leaders and inspectors belong to a group', 'groupId');
    if (role === 'unit') {
      if (!unitId) throw badRequest('unitId: a unit account needs its responsible unit', 'unitId');
      if (!registry?.units.some((u) => u.id === unitId)) throw badRequest(`unitId: no responsible unit "${unitId}"`, 'unitId');
    } else if (unitId) throw badRequest('unitId: only unit accounts have a responsible unit', 'unitId');
  }

  r.get('/', async (_req, res) => {
    const users = (await ctx.users.listStored()).map(adminUser);
    users.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.username.localeCompare(b.username, 'en', { numeric: true }));
    res.json(users);
  });

  r.post('/', async (req, res) => {
    const body = parse(NewUser, req.body);
    await checkAssignment(body.role, body.groupId, body.unitId);
    const id = body.username.toLowerCase();
    if (!(await ctx.users.create({ id, ...body }))) throw new HttpError(409, 'conflict', `username "${body.username}" is taken`, 'username');
    const user = adminUser((await ctx.users.get(id))!);
    const actor = currentUser(res);
    await audit.record({ by: actor.id, byName: actor.name, action: 'create', entity: 'user', entityId: id, after: user });
    res.status(201).json(user);
  });

  r.patch('/:id', async (req, res) => {
    const id = String(req.params.id);
    const body = parse(UserPatch, req.body);
    const actor = currentUser(res);
    const before = await ctx.users.get(id);
    if (!before) throw notFound('no such user');
    if (id === actor.id && (body.active === false || (body.role && body.role !== before.role))) {
      throw badRequest('you cannot deactivate your own account or change your own role', body.active === false ? 'active' : 'role');
    }
    const role = body.role ?? before.role;
    // A role without a group (or unit) drops the old one instead of refusing the change.
    const groupId = needsGroup(role) ? (body.groupId === undefined ? before.groupId : (body.groupId ?? undefined)) : undefined;
    const unitId = role === 'unit' ? (body.unitId === undefined ? before.unitId : (body.unitId ?? undefined)) : undefined;
    await checkAssignment(role, groupId, unitId);
    const after = (await ctx.users.update(id, { ...body, groupId: groupId ?? null, unitId: unitId ?? null }))!;
    const deactivated = before.active && !after.active;
    if (deactivated) await ctx.sessions.revokeAll(id);
    if (deactivated || before.role !== after.role || before.groupId !== after.groupId || before.unitId !== after.unitId) {
      await closeUserSockets(ctx, id, deactivated ? 'account deactivated' : 'account changed');
    }
    await audit.record({ by: actor.id, byName: actor.name, action: deactivated ? 'deactivate' : 'edit', entity: 'user', entityId: id, before: adminUser(before), after: adminUser(after) });
    ctx.log.info('users.changed', { user: id, by: actor.id, deactivated });
    res.json(adminUser(after));
  });

  r.post('/:id/password', async (req, res) => {
    const id = String(req.params.id);
    const { password } = parse(PasswordBody, req.body);
    if (!(await ctx.users.setPassword(id, password))) throw notFound('no such user');
    await ctx.sessions.revokeAll(id);
    await closeUserSockets(ctx, id, 'password reset');
    const actor = currentUser(res);
    await audit.record({ by: actor.id, byName: actor.name, action: 'password_reset', entity: 'user', entityId: id });
    res.status(204).end();
  });

  return r;
}
