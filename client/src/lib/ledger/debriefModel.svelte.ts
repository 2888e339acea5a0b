/**
 * The debrief page's state: the day compiled live from the sheet doc (the same pure compiler the
 * server signs with), and the decisions and sign-off from the API. Recompiles at most once per
 * animation frame while people type.
 */
import * as Y from 'yjs';
import { DEFAULT_QUOTAS } from '../../../../shared/checkKinds';
import { compileDebrief, type DebriefDay, type DebriefFinding } from '../../../../shared/debrief/compile';
import type { DebriefState, DecisionInput, SignOffResult } from '../../../../shared/debrief/types';
import { isUnauthorized } from '../api';
import { auth } from '../auth.svelte';
import { errorText, ledgerApi, LedgerRequestError } from './api';

const EMPTY: DebriefDay = { quotas: DEFAULT_QUOTAS, progress: [], findings: [], byCategory: [], checkers: [], revisits: [], targets: [] };

export class DebriefModel {
  day = $state.raw<DebriefDay>(EMPTY);
  state = $state.raw<DebriefState | null>(null);
  error = $state<string | null>(null);
  signing = $state(false);
  lastResult = $state.raw<SignOffResult | null>(null);

  /** Findings without a decision yet. */
  undecided: DebriefFinding[] = $derived(this.day.findings.filter((f) => !this.state?.decisions[f.id]));
  /** Decided but not yet signed (the first sign-off, or an amendment after it). */
  unsigned: DebriefFinding[] = $derived(this.day.findings.filter((f) => this.state?.decisions[f.id] && !this.state.decisions[f.id]!.signedAt));
  canSign = $derived(!!this.state && this.undecided.length === 0 && (!this.state.signedOff || this.unsigned.length > 0 || this.pendingRevisits > 0));
  /** Re-visits answered on the sheet whose outcome the server has not recorded yet. */
  get pendingRevisits(): number {
    const done = this.state?.revisits.map((r) => r.targetId) ?? [];
    return this.day.revisits.filter((r) => r.verdict && r.checkedAt && !done.includes(r.targetId)).length;
  }

  readonly #root: Y.Map<unknown>;
  readonly #meta: Y.Map<unknown>;
  #frame = 0;
  #abort = new AbortController();

  constructor(
    private readonly doc: Y.Doc,
    readonly docName: string,
  ) {
    this.#root = doc.getMap('targets');
    this.#meta = doc.getMap('meta');
    this.#root.observeDeep(this.#schedule);
    this.#meta.observe(this.#onMeta);
    this.#compile();
    void this.load();
  }

  #schedule = (): void => {
    if (!this.#frame) this.#frame = requestAnimationFrame(this.#compile);
  };

  #compile = (): void => {
    this.#frame = 0;
    this.day = compileDebrief(this.doc);
  };

  /** Another leader's device (or a retry) signed: the sheet's meta says so first. */
  #onMeta = (): void => {
    if (this.#meta.get('signedOff') && !this.state?.signedOff) void this.load();
  };

  async load(): Promise<void> {
    try {
      this.state = await ledgerApi.debrief(this.docName, this.#abort.signal);
      this.error = null;
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      if (isUnauthorized(err)) auth.expired();
      else this.error = errorText(err);
    }
  }

  async decide(findingId: string, d: DecisionInput): Promise<void> {
    const saved = await ledgerApi.decide(this.docName, findingId, d);
    if (this.state) this.state = { ...this.state, decisions: { ...this.state.decisions, [findingId]: saved } };
  }

  async undecide(findingId: string): Promise<void> {
    await ledgerApi.undecide(this.docName, findingId);
    if (this.state) {
      const { [findingId]: _gone, ...rest } = this.state.decisions;
      this.state = { ...this.state, decisions: rest };
    }
  }

  /** Signs; a double click or a retry is harmless (the server is idempotent), but we still send one. */
  async signOff(): Promise<void> {
    if (this.signing) return;
    this.signing = true;
    this.error = null;
    try {
      this.lastResult = await ledgerApi.signOff(this.docName);
      await this.load();
    } catch (err) {
      if (err instanceof LedgerRequestError && err.code === 'undecided') await this.load();
      this.error = errorText(err);
    } finally {
      this.signing = false;
    }
  }

  destroy(): void {
    this.#abort.abort();
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#root.unobserveDeep(this.#schedule);
    this.#meta.unobserve(this.#onMeta);
  }
}
