/**
 * Field-work settings: the defaults live here (pure, shared), the server may override them from
 * the environment and hands the effective values to clients at `GET /api/settings/field`.
 */

/** A check marked further than this from the target's registered location is flagged (metres). */
export const DEFAULT_PRESENCE_MAX_METERS = 300;

/** Largest photo the server stores, after the phone has shrunk it (bytes). */
export const DEFAULT_BLOB_MAX_BYTES = 8 * 1024 * 1024;

/** `GET /api/settings/field` */
export interface FieldSettings {
  presenceMaxMeters: number;
  blobMaxBytes: number;
  blobTypes: readonly string[];
}
