/**
 * The county's field-work settings (`GET /api/settings/field`): the distance that flags a check
 * and the photo limits. Cached on the device so an offline phone judges with the same numbers;
 * the shared defaults stand in until the first answer.
 */
import { PHOTO_TYPES } from '../../../../shared/field/photos';
import { DEFAULT_BLOB_MAX_BYTES, DEFAULT_PRESENCE_MAX_METERS, type FieldSettings } from '../../../../shared/field/settings';
import { NetworkError, request } from '../api';

const KEY = 'suicha.fieldSettings';

function cached(): FieldSettings | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as FieldSettings) : null;
  } catch {
    return null; // blocked storage or a corrupt entry: use the defaults
  }
}

class FieldSettingsStore {
  value = $state.raw<FieldSettings>(cached() ?? { presenceMaxMeters: DEFAULT_PRESENCE_MAX_METERS, blobMaxBytes: DEFAULT_BLOB_MAX_BYTES, blobTypes: PHOTO_TYPES });
  #loading: Promise<void> | null = null;

  /** Asks the server once per page load; failures keep the cached or default values. */
  load(): Promise<void> {
    this.#loading ??= request<FieldSettings>('GET', '/api/settings/field').then(
      (s) => {
        this.value = s;
        try {
          localStorage.setItem(KEY, JSON.stringify(s));
        } catch (err) {
          console.warn('fieldSettings: could not cache', err);
        }
      },
      (err: unknown) => {
        if (!(err instanceof NetworkError)) console.warn('fieldSettings: could not load', err);
        this.#loading = null; // try again next time a page asks
      },
    );
    return this.#loading;
  }
}

export const fieldSettings = new FieldSettingsStore();
