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

  async groupMembers(groupId: string): Promise<PublicUser[]> {
    return (await this.list()).filter((u) => u.groupId === groupId);
  }
}
