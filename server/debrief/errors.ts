/**
 * Refusals of the ledger API that carry more than `{error, message, field}`: a 409 lists the
 * allowed transitions or the undecided findings. The ledger router's error handler sends the
 * body as it is; anything else falls through to the app's handler.
 */
import type { ErrorRequestHandler } from 'express';

export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; message: string; field?: string } & Record<string, unknown>,
  ) {
    super(body.message);
    this.name = 'Refused';
  }
}

export const refusedHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (err instanceof Refused) res.status(err.status).json(err.body);
  else next(err);
};
