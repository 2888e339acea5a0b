/**
 * A reactive read of one open target: its plain view, checklist answers and findings. The
 * live Y types (note, finding descriptions) are handed to the text bindings as they are.
 */
import * as Y from 'yjs';
import type { FindingCategory, Severity } from '../../../../shared/categories';
import { readPhotos, type PhotoRef } from '../../../../shared/field/photos';
import { readTarget, type TargetView } from '../../../../shared/sheet';

export type AnswerValue = string;

export interface FindingView {
  id: string;
  category: FindingCategory;
  severity: Severity;
  description: Y.Text | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  photos: PhotoRef[];
  map: Y.Map<unknown>;
}

function readFinding(m: Y.Map<unknown>): FindingView {
  const d = m.get('description');
  return {
    id: String(m.get('id') ?? ''),
    category: m.get('category') as FindingCategory,
    severity: m.get('severity') as Severity,
    description: d instanceof Y.Text ? d : null,
    createdBy: String(m.get('createdBy') ?? ''),
    createdByName: String(m.get('createdByName') ?? ''),
    createdAt: String(m.get('createdAt') ?? ''),
    photos: readPhotos(m.get('photos')),
    map: m,
  };
}

export class TargetModel {
  view = $state.raw<TargetView>() as TargetView;
  answers = $state.raw<Record<string, AnswerValue>>({});
  findings = $state.raw<FindingView[]>([]);
  /** Photos of the target itself (findings carry their own). */
  photos = $state.raw<PhotoRef[]>([]);
  /** The collaborative note; created by the server with the target. */
  readonly note: Y.Text | null;

  constructor(
    readonly id: string,
    readonly map: Y.Map<unknown>,
  ) {
    const note = map.get('note');
    this.note = note instanceof Y.Text ? note : null;
    map.observeDeep(this.#onChange);
    this.#read(true);
  }

  get answersMap(): Y.Map<unknown> | null {
    const a = this.map.get('answers');
    return a instanceof Y.Map ? a : null;
  }

  get findingsArray(): Y.Array<Y.Map<unknown>> | null {
    const f = this.map.get('findings');
    return f instanceof Y.Array ? (f as Y.Array<Y.Map<unknown>>) : null;
  }

  #onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    // Typing in the note or a description changes no field shown here; skip the re-read.
    const structural = events.some((e) => !(e.target instanceof Y.Text));
    if (structural) this.#read(false);
  };

  #read(all: boolean): void {
    this.view = readTarget(this.id, this.map);
    const answers: Record<string, AnswerValue> = {};
    this.answersMap?.forEach((v, k) => {
      if (typeof v === 'string') answers[k] = v;
    });
    this.answers = answers;
    this.photos = readPhotos(this.map.get('photos'));
    const findings = this.findingsArray;
    const next = findings ? findings.toArray().filter((m) => m instanceof Y.Map).map(readFinding) : [];
    // Keep the array identity when nothing moved, so finding cards keep their bindings.
    if (all || next.length !== this.findings.length || next.some((f, i) => !sameFinding(f, this.findings[i]))) this.findings = next;
  }

  destroy(): void {
    this.map.unobserveDeep(this.#onChange);
  }
}

function sameFinding(a: FindingView, b: FindingView | undefined): boolean {
  return (
    !!b &&
    a.map === b.map &&
    a.category === b.category &&
    a.severity === b.severity &&
    a.description === b.description &&
    a.photos.map((p) => p.hash).join() === b.photos.map((p) => p.hash).join()
  );
}
