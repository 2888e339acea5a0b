/**
 * A reactive read of a sheet doc for lists and counters: the targets (plain views), the meta
 * and per-kind progress. Recomputed on `targets.observeDeep`, at most once per animation frame,
 * so a burst of keystrokes in a note does not re-render the list per character.
 */
import * as Y from 'yjs';
import { CHECK_KINDS, DEFAULT_QUOTAS, type Quotas } from '../../../../shared/checkKinds';
import { progressByKind, readTargets, type KindProgress, type SheetMeta, type TargetView } from '../../../../shared/sheet';

export type SheetMetaView = Partial<SheetMeta> & { quotas: Quotas };

function readMeta(doc: Y.Doc): SheetMetaView {
  const m = doc.getMap<unknown>('meta');
  const meta = Object.fromEntries(m.entries()) as Partial<SheetMeta>;
  const quotas = meta.quotas && typeof meta.quotas === 'object' ? { ...DEFAULT_QUOTAS, ...meta.quotas } : DEFAULT_QUOTAS;
  return { ...meta, quotas };
}

export class SheetData {
  targets = $state.raw<TargetView[]>([]);
  meta = $state.raw<SheetMetaView>({ quotas: DEFAULT_QUOTAS });
  progress: KindProgress[] = $derived(progressByKind(this.targets, this.meta.quotas, CHECK_KINDS));

  readonly #targetsRoot: Y.Map<Y.Map<unknown>>;
  readonly #metaRoot: Y.Map<unknown>;
  #frame = 0;

  constructor(private readonly doc: Y.Doc) {
    this.#targetsRoot = doc.getMap<Y.Map<unknown>>('targets');
    this.#metaRoot = doc.getMap<unknown>('meta');
    this.#targetsRoot.observeDeep(this.#schedule);
    this.#metaRoot.observe(this.#readMeta);
    this.#refresh();
    this.#readMeta();
  }

  /** The live Y.Map of one target, or undefined if it is not on the sheet. */
  targetMap(id: string): Y.Map<unknown> | undefined {
    const m = this.#targetsRoot.get(id);
    return m instanceof Y.Map ? m : undefined;
  }

  #schedule = (): void => {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(this.#refresh);
  };

  #refresh = (): void => {
    this.#frame = 0;
    this.targets = readTargets(this.doc);
  };

  #readMeta = (): void => {
    this.meta = readMeta(this.doc);
  };

  destroy(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#targetsRoot.unobserveDeep(this.#schedule);
    this.#metaRoot.unobserve(this.#readMeta);
  }
}
