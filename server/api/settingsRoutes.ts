/** `GET /api/settings/field` — the county's effective field-work settings (defaults in shared/field/settings.ts). */
import { Router } from 'express';
import { PHOTO_TYPES } from '../../shared/field/photos';
import type { FieldSettings } from '../../shared/field/settings';
import type { AppContext } from './context';
import { requireUser } from './requireUser';

export function settingsRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/field', requireUser(ctx.auth), (_req, res) => {
    const body: FieldSettings = { presenceMaxMeters: ctx.config.presenceMaxMeters, blobMaxBytes: ctx.config.blobMaxBytes, blobTypes: PHOTO_TYPES };
    res.json(body);
  });
  return r;
}
