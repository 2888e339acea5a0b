/** The latest step of a rectification (整改进展) in one short line, for lists. */
import { PROBLEM_ACTION_LABELS, type Problem } from '../../../../shared/problems/types';
import { i18n } from '../i18n.svelte';

const STEPS = new Set(['start', 'progress', 'report', 'send_back', 'verify']);

export function progressLine(p: Pick<Problem, 'history'>): string {
  const last = [...p.history].reverse().find((x) => STEPS.has(x.action));
  if (!last) return '';
  // The device's own day: county staff read it where they are.
  const d = new Date(last.at);
  const day = `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const what = i18n.label(PROBLEM_ACTION_LABELS[last.action]);
  return last.note ? `${day} ${what}:${last.note}` : `${day} ${what}`;
}
