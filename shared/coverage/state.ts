/** How a target's sheet entry becomes a map state, and how several targets on one dot combine. */
import { StateCode, type StateCodeValue } from './types';

export interface TargetProgressFields {
  checkedAt: string | null;
  answered: number;
  noteLength: number;
  findings: number;
}

/**
 * drawn → being checked (anything typed: answers, note, a finding) → checked → checked with a
 * finding. A finding on a target not yet marked checked keeps it "being checked": the dot turns
 * red only once the group has finished the check (the feed shows the finding at once anyway).
 */
export function targetState(t: TargetProgressFields): Exclude<StateCodeValue, 0> {
  if (t.checkedAt) return t.findings > 0 ? StateCode.finding : StateCode.checked;
  if (t.answered > 0 || t.noteLength > 0 || t.findings > 0) return StateCode.active;
  return StateCode.drawn;
}

/**
 * One dot can carry several targets (a household drawn for two checks). It shows a finding if
 * any has one; checked only when every target is; being checked once any work started.
 */
export function combineStates(codes: Iterable<number>): StateCodeValue {
  let n = 0;
  let allChecked = true;
  let started = false;
  for (const c of codes) {
    n++;
    if (c === StateCode.finding) return StateCode.finding;
    if (c !== StateCode.checked) allChecked = false;
    if (c >= StateCode.active) started = true;
  }
  if (n === 0) return StateCode.none;
  if (allChecked) return StateCode.checked;
  return started ? StateCode.active : StateCode.drawn;
}
