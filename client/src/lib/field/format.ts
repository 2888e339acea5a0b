/** Wording for distances, proof-of-presence flags and photo errors, in the current language. */
import type { PresenceFlag } from '../../../../shared/field/presence';
import { t } from '../i18n.svelte';
import type { AddPhotosResult } from './addPhotos';

/** "85 米" under a kilometre, "1.2 公里" above. */
export function formatDistance(meters: number): string {
  return meters < 1000 ? t('dist.m', { n: Math.round(meters) }) : t('dist.km', { n: (meters / 1000).toFixed(meters < 10_000 ? 1 : 0) });
}

/** "380 KB", "8 MB" (binary units, as phones show file sizes). */
export function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${+(n / 1048576).toFixed(1)} MB`;
}

/** The short form on a target row; empty when there is nothing worth a glance. */
export function presenceShort(f: PresenceFlag): string {
  switch (f.kind) {
    case 'near':
      return formatDistance(f.meters);
    case 'far':
      return t('proof.farShort', { d: formatDistance(f.meters) });
    case 'no_location':
      return t('proof.noLocationShort');
    case 'unchecked':
    case 'no_reference':
      return '';
  }
}

/** The sentence in the target form. */
export function presenceLong(f: PresenceFlag): string {
  switch (f.kind) {
    case 'near':
      return t('proof.near', { d: formatDistance(f.meters) });
    case 'far':
      return t('proof.far', { d: formatDistance(f.meters), max: formatDistance(f.maxMeters) });
    case 'no_location':
      return t(`check.loc.${f.reason}`);
    case 'no_reference':
      return t('proof.noReference');
    case 'unchecked':
      return '';
  }
}

export function photoErrorText(e: AddPhotosResult['errors'][number], maxBytes: number): string {
  switch (e.code) {
    case 'not_image':
      return t('photo.err.notImage', { name: e.fileName });
    case 'unreadable':
      return t('photo.err.unreadable', { name: e.fileName });
    case 'too_large':
      return t('photo.err.tooLarge', { name: e.fileName, size: formatBytes(maxBytes) });
    case 'storage':
      return t('photo.err.storage', { name: e.fileName });
  }
}

/** Why the server refused an upload, in words an inspector can act on. */
export function rejectionText(status: number, message: string): string {
  if (status === 413) return t('photo.rejected.tooLarge');
  if (status === 415) return t('photo.rejected.type');
  if (status === 403) return t('photo.rejected.forbidden');
  return t('photo.rejected.other', { message });
}
