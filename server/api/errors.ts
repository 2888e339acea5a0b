/** HTTP errors as typed values; one handler turns them (and body-parser's) into `ApiError` JSON. */
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import type { ApiError } from '../../shared/api';
import type { Logger } from '../logger';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, 'invalid_request', message, field);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'login required');
export const forbidden = (message = 'your role may not do this') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'not found') => new HttpError(404, 'not_found', message);
export const unavailable = () => new HttpError(503, 'unavailable', 'storage unavailable, retry later');

/** Validates with a schema; the first problem becomes a 400 naming the field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const k = issue.keys[0] ?? '';
    throw badRequest(`unknown field "${k}"`, k);
  }
  const field = issue.path.map(String).join('.');
  throw badRequest(field ? `${field}: ${issue.message}` : issue.message, field || undefined);
}

/** Anything the Redis client throws means storage is unreachable: 503, never a 500. */
function isRedisError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return /ClientClosedError|ConnectionTimeoutError|SocketClosedUnexpectedlyError|ECONNREFUSED|The client is closed|ClientOfflineError|offline/i.test(
    `${err.name} ${err.message}`,
  );
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let e: HttpError;
    const anyErr = err as { type?: string; status?: number; message?: string };
    if (err instanceof HttpError) e = err;
    else if (anyErr?.type === 'entity.parse.failed') e = badRequest('request body is not valid JSON');
    else if (anyErr?.type === 'entity.too.large') e = new HttpError(413, 'too_large', 'request body is too large');
    else if (anyErr?.status && anyErr.status >= 400 && anyErr.status < 500) e = new HttpError(anyErr.status, 'invalid_request', anyErr.message ?? 'bad request');
    else if (isRedisError(err)) e = unavailable();
    else {
      log.error('http.failed', { reqId: res.locals.reqId, method: req.method, path: req.path, err });
      e = new HttpError(500, 'internal', 'internal error');
    }
    const body: ApiError = { error: e.code, message: e.message };
    if (e.field) body.field = e.field;
    res.status(e.status).json(body);
  };
}
