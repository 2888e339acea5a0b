import type { NextFunction, Request, Response } from 'express';
import type { PublicUser, Role } from '../../shared/roles';
import { tokenFromRequest, type Authenticator } from '../auth/authenticate';
import { forbidden, unauthorized } from './errors';

declare module 'express-serve-static-core' {
  interface Locals {
    user?: PublicUser;
    token?: string;
    reqId?: string;
  }
}

/** Resolves the session; 401 without one, 403 when the role is not among `roles` (if given). */
export function requireUser(auth: Authenticator, roles?: readonly Role[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenFromRequest(req);
    const user = await auth.userFor(token);
    if (!user || !token) throw unauthorized();
    if (roles && !roles.includes(user.role)) throw forbidden();
    res.locals.user = user;
    res.locals.token = token;
    next();
  };
}

export function currentUser(res: Response): PublicUser {
  const u = res.locals.user;
  if (!u) throw unauthorized();
  return u;
}
