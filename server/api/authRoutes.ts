import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { z } from 'zod';
import type { LoginResponse } from '../../shared/api';
import { verifyPassword } from '../auth/passwords';
import { SESSION_COOKIE } from '../auth/sessions';
import { toPublic } from '../auth/users';
import { keys } from '../redis/keys';
import type { AppContext } from './context';
import { HttpError, parse } from './errors';
import { currentUser, requireUser } from './requireUser';

const LoginBody = z
  .object({
    username: z.string().trim().min(1, 'is required').max(64),
    password: z.string().min(1, 'is required').max(256),
  })
  .strict();

// Verifying against a dummy hash when the user is unknown keeps response times alike, so
// usernames cannot be probed by timing.
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$qLml5cHgrNFKF6DSmx4pPpSWvsBnOpqWzZHjGfE6mzQ';

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 5 * 60_000,
    limit: ctx.config.loginRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    passOnStoreError: true,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}:${String((req.body as { username?: unknown })?.username ?? '').toLowerCase().slice(0, 64)}`,
    store: new RedisStore({
      prefix: keys.loginLimit,
      sendCommand: (...args: string[]) => ctx.redis.sendCommand(args) as Promise<RedisReply>,
    }),
    handler: (_req, res) => {
      res.status(429).json({ error: 'rate_limited', message: 'too many failed logins; wait a few minutes and try again' });
    },
  });

  r.post('/login', limiter, async (req, res) => {
    const body = parse(LoginBody, req.body);
    const user = await ctx.users.byUsername(body.username);
    const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, body.password);
    if (!user || !ok || !user.active) throw new HttpError(401, 'bad_credentials', 'wrong username or password');
    const token = await ctx.sessions.create(user.id);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.cookieSecure,
      path: '/',
      maxAge: ctx.config.sessionTtlSeconds * 1000,
    });
    ctx.log.info('auth.login', { reqId: res.locals.reqId, user: user.id });
    const out: LoginResponse = { token, user: toPublic(user) };
    res.json(out);
  });

  r.get('/me', requireUser(ctx.auth), (_req, res) => {
    res.json({ user: currentUser(res) });
  });

  r.post('/logout', requireUser(ctx.auth), async (_req, res) => {
    ctx.log.info('auth.logout', { reqId: res.locals.reqId, user: currentUser(res).id });
    await ctx.sessions.revoke(res.locals.token!);
    ctx.sync?.closeSession(res.locals.token!, 'logged out');
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return r;
}
