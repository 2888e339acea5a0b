/** Finds the user behind a request: bearer token, `?token=` (y-websocket params) or cookie. */
import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import type { PublicUser } from '../../shared/roles';
import { SESSION_COOKIE, type SessionStore } from './sessions';
import { toPublic, type UserRepo } from './users';

export function tokenFromRequest(req: IncomingMessage, url?: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const q = url?.searchParams.get('token');
  if (q) return q;
  const cookies = req.headers.cookie ? parseCookie(req.headers.cookie) : {};
  return cookies[SESSION_COOKIE] ?? null;
}

export class Authenticator {
  constructor(
    readonly sessions: SessionStore,
    readonly users: UserRepo,
  ) {}

  /** Null when there is no valid session or the user is deactivated. Throws if Redis is down. */
  async userFor(token: string | null): Promise<PublicUser | null> {
    if (!token) return null;
    const userId = await this.sessions.resolve(token);
    if (!userId) return null;
    const user = await this.users.get(userId);
    return user && user.active ? toPublic(user) : null;
  }
}
