/** Users in Redis. The password hash never leaves this module except to `verifyPassword`. */
import type { PublicUser, Role } from '../../shared/roles';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';
import { hashPassword } from './passwords';

export interface StoredUser extends PublicUser {
  passwordHash: string;
  active: boolean;
  createdAt: string;
}

export interface NewUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  groupId?: string;
  unitId?: string;
  password: string;
}

export function toPublic(u: StoredUser): PublicUser {
  const out: PublicUser = { id: u.id, username: u.username, name: u.name, role: u.role };
  if (u.groupId) out.groupId = u.groupId;
  if (u.unitId) out.unitId = u.unitId;
  return out;
}

export class UserRepo {
  constructor(private readonly redis: Redis) {}

  async get(id: string): Promise<StoredUser | null> {
    const raw = await this.redis.get(keys.user(id));
    return raw ? (JSON.parse(raw) as StoredUser) : null;
  }

  async byUsername(username: string): Promise<StoredUser | null> {
    const id = await this.redis.get(keys.userByName(username));
    return id ? this.get(id) : null;
  }

  /** Creates the user unless the username is taken; returns whether it was created. */
  async create(u: NewUser): Promise<boolean> {
    const claimed = await this.redis.set(keys.userByName(u.username), u.id, { condition: 'NX' });
    if (claimed === null) return false;
    const { password, ...rest } = u;
    const stored: StoredUser = { ...rest, passwordHash: await hashPassword(password), active: true, createdAt: new Date().toISOString() };
    await this.redis.multi().set(keys.user(u.id), JSON.stringify(stored)).sAdd(keys.users, u.id).exec();
    return true;
  }

  async list(): Promise<PublicUser[]> {
    const ids = await this.redis.sMembers(keys.users);
    if (ids.length === 0) return [];
    const raws = await this.redis.mGet(ids.map(keys.user));
    return raws.filter((r): r is string => !!r).map((r) => toPublic(JSON.parse(r) as StoredUser));
  }

  /** Every account with its state, for the admin's users page (no password hashes). */
  async listStored(): Promise<Omit<StoredUser, 'passwordHash'>[]> {
    const ids = await this.redis.sMembers(keys.users);
    if (ids.length === 0) return [];
    const raws = await this.redis.mGet(ids.map(keys.user));
    return raws
      .filter((r): r is string => !!r)
      .map((r) => {
        const { passwordHash: _hash, ...rest } = JSON.parse(r) as StoredUser;
        return rest;
      });
  }

  /** Changes name, role, group, unit or active; `null` clears group or unit. Null when there is no such user. */
  async update(id: string, patch: { name?: string; role?: Role; groupId?: string | null; unitId?: string | null; active?: boolean }): Promise<StoredUser | null> {
    const user = await this.get(id);
    if (!user) return null;
    const next: StoredUser = { ...user };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.role !== undefined) next.role = patch.role;
    if (patch.active !== undefined) next.active = patch.active;
    for (const k of ['groupId', 'unitId'] as const) {
      if (patch[k] === null) delete next[k];
      else if (patch[k] !== undefined) next[k] = patch[k];
    }
    await this.redis.set(keys.user(id), JSON.stringify(next));
    return next;
  }

  async setPassword(id: string, password: string): Promise<boolean> {
    const user = await this.get(id);
    if (!user) return false;
    await this.redis.set(keys.user(id), JSON.stringify({ ...user, passwordHash: await hashPassword(password) }));
    return true;
  }

  async groupMembers(groupId: string): Promise<PublicUser[]> {
    return (await this.list()).filter((u) => u.groupId === groupId);
  }
}
