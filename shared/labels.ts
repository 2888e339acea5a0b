/** A code's display text in the app's two languages. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * The codes of a label map, in the order they are written. A code list is written once, as the
 * keys of its labels, so no code can lack a label and no label can outlive its code.
 */
export function codesOf<K extends string>(labels: Record<K, Label>): readonly K[] {
  return Object.keys(labels) as K[];
}
