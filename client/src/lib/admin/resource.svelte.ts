/**
 * One thing the admin pages load (a summary, a page of households, the user list): its value,
 * loading and error state; a newer load cancels the one in flight. A lapsed session logs out.
 */
import { isUnauthorized } from '../api';
import { auth } from '../auth.svelte';

export class Resource<T> {
  value = $state.raw<T | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  #abort: AbortController | null = null;

  constructor(private readonly fetcher: (signal: AbortSignal) => Promise<T>) {}

  async load(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const v = await this.fetcher(abort.signal);
      if (!abort.signal.aborted) this.value = v;
    } catch (err) {
      if (abort.signal.aborted) return;
      if (isUnauthorized(err)) auth.expired();
      else this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (!abort.signal.aborted) this.loading = false;
    }
  }

  destroy(): void {
    this.#abort?.abort();
  }
}
