/**
 * Opaque session tokens. Redis stores only the token's SHA-256, so a dump of Redis cannot be
 * replayed; the same token serves as the browser's HttpOnly cookie and as a bearer token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';

export const SESSION_COOKIE = 'suicha_session';

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  async create(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const h = tokenHash(token);
    await this.redis
      .multi()
      .set(keys.session(h), userId, { expiration: { type: 'EX', value: this.ttlSeconds } })
      .sAdd(keys.userSessions(userId), h)
      .exec();
    return token;
  }

  /** The user id a token belongs to, or null when unknown or expired. */
  async resolve(token: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    return this.redis.get(keys.session(tokenHash(token)));
  }

  async revoke(token: string): Promise<void> {
    const h = tokenHash(token);
    const userId = await this.redis.get(keys.session(h));
    const m = this.redis.multi().del(keys.session(h));
    if (userId) m.sRem(keys.userSessions(userId), h);
    await m.exec();
  }

  /** Ends every session of a user (deactivation, password reset). */
  async revokeAll(userId: string): Promise<void> {
    const hs = await this.redis.sMembers(keys.userSessions(userId));
    const m = this.redis.multi().del(keys.userSessions(userId));
    for (const h of hs) m.del(keys.session(h));
    await m.exec();
  }
}
