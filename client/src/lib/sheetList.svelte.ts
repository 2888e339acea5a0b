/**
 * The sheets a user may open on a day, from `/api/sheets`, with the device cache standing in
 * when there is no network. A newer load cancels the previous one (AbortController).
 */
import type { SheetInfo } from '../../../shared/api';
import { api, isUnauthorized, NetworkError } from './api';
import { auth } from './auth.svelte';
import { offlineCache } from './offlineCache';

export class SheetList {
  sheets = $state.raw<SheetInfo[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  /** Shown from the device cache because the server could not be reached. */
  offline = $state(false);
  savedAt = $state<string | null>(null);
  /** The day the list is for (the server's "today" when none was asked for). */
  date = $state<string | null>(null);

  #abort: AbortController | null = null;

  async load(date: string | null): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = null;
    const cached = offlineCache.sheets(date);
    // Show what this device last saw for the day while asking the server.
    this.#show(cached?.value ?? [], date);
    try {
      const list = await api.sheets(date, abort.signal);
      if (abort.signal.aborted) return;
      offlineCache.setSheets(date, list);
      this.offline = false;
      this.savedAt = null;
      this.#show(list, date);
    } catch (err) {
      if (abort.signal.aborted) return;
      if (err instanceof NetworkError) {
        this.offline = true;
        this.savedAt = cached?.savedAt ?? null;
        this.#show(cached?.value ?? [], date);
      } else if (isUnauthorized(err)) {
        auth.expired();
      } else {
        this.error = err instanceof Error ? err.message : String(err);
      }
    } finally {
      if (!abort.signal.aborted) this.loading = false;
    }
  }

  #show(list: SheetInfo[], date: string | null): void {
    this.sheets = list;
    this.date = date ?? list[0]?.date ?? null;
  }

  destroy(): void {
    this.#abort?.abort();
  }
}
