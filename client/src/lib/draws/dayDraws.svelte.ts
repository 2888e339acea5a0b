/**
 * The draws of one day, and the names of the groups they list (from the day's sheets). Loading
 * another day cancels the load in flight, so a quick click through days never shows a stale one.
 */
import type { DrawView } from '../../../../shared/drawApi';
import { api } from '../api';
import { drawApi } from './drawApi';

export class DayDraws {
  date = $state<string | null>(null);
  draws = $state.raw<DrawView[]>([]);
  // Replaced whole on each load, never mutated: a plain Map in $state.raw is the reactive unit.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  groupNames = $state.raw<ReadonlyMap<string, string>>(new Map());
  loading = $state(false);
  error = $state<string | null>(null);
  #abort: AbortController | null = null;

  async load(date: string): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.loading = true;
    this.error = null;
    if (this.date !== date) this.draws = [];
    this.date = date;
    try {
      const [list, sheets] = await Promise.all([drawApi.list(date, abort.signal), api.sheets(date, abort.signal).catch(() => [])]);
      if (abort.signal.aborted) return;
      this.draws = list.draws;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never mutated
      this.groupNames = new Map(sheets.map((s) => [s.groupId, s.groupName]));
    } catch (err) {
      if (!abort.signal.aborted) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (!abort.signal.aborted) this.loading = false;
    }
  }

  destroy(): void {
    this.#abort?.abort();
  }
}
