/** A rule failure as a 400: the first problem names the field (API contract), all are listed. */
import type { Response } from 'express';
import { ruleMessage } from '../../../shared/registryMessages';
import type { Problem } from '../../../shared/registryRules';

export function sendProblems(res: Response, problems: Problem[]): void {
  const list = problems.map((p) => ({ ...p, message: ruleMessage(p.code, p.params) }));
  const first = list[0]!;
  res.status(400).json({ error: 'invalid_request', message: `${first.field}: ${first.message}`, field: first.field, problems: list });
}
