/**
 * One "verify" button's state: asks the server to recompute draw `seq` of `date` and holds the
 * answer. A new request cancels the one in flight (AbortController), as does `destroy()`.
 */
import type { Difference } from '../../../../shared/drawApi';
import { ApiRequestError } from '../api';
import { drawApi } from './drawApi';

export type VerifyState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; ok: boolean; differences: Difference[] } | { kind: 'error'; message: string };

export class Verifier {
  state = $state.raw<VerifyState>({ kind: 'idle' });
  #abort: AbortController | null = null;

  async run(date: string, seq?: number): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.state = { kind: 'busy' };
    try {
      const r = await drawApi.verify(date, seq, abort.signal);
      if (!abort.signal.aborted) this.state = { kind: 'done', ok: r.ok, differences: r.differences };
    } catch (err) {
      if (abort.signal.aborted) return;
      this.state = { kind: 'error', message: err instanceof ApiRequestError || err instanceof Error ? err.message : String(err) };
    }
  }

  destroy(): void {
    this.#abort?.abort();
  }
}
