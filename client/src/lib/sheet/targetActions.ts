/**
 * Every write the target form makes, each one transaction with the LOCAL_UI origin. Field names
 * follow the schema in shared/sheet.ts exactly.
 */
import * as Y from 'yjs';
import type { FindingCategory, Severity } from '../../../../shared/categories';
import type { PublicUser } from '../../../../shared/roles';
import { newFinding, type CheckLocation } from '../../../../shared/sheet';
import { randomId } from '../ids';
import { LOCAL_UI } from './origins';

function transact(map: Y.Map<unknown>, fn: () => void): void {
  const doc = map.doc;
  if (!doc) throw new Error('target map is not attached to a document');
  doc.transact(fn, LOCAL_UI);
}

/** Sets (or, with null, clears) one checklist answer; key = checklist item id. */
export function setAnswer(target: Y.Map<unknown>, itemId: string, value: string | null): void {
  const answers = target.get('answers');
  if (!(answers instanceof Y.Map)) return;
  transact(target, () => {
    if (value === null || value === '') answers.delete(itemId);
    else if (answers.get(itemId) !== value) answers.set(itemId, value);
  });
}

export function markChecked(target: Y.Map<unknown>, user: PublicUser, location: CheckLocation, at = new Date()): void {
  transact(target, () => {
    target.set('checkedBy', user.id);
    target.set('checkedByName', user.name);
    target.set('checkedAt', at.toISOString());
    target.set('location', location);
  });
}

/** Undo a mistaken "checked": the target goes back to not checked. */
export function undoChecked(target: Y.Map<unknown>): void {
  transact(target, () => {
    target.set('checkedBy', null);
    target.set('checkedByName', null);
    target.set('checkedAt', null);
    target.set('location', null);
  });
}

export interface NewFindingInput {
  category: FindingCategory;
  severity: Severity;
  description: string;
}

export function addFinding(target: Y.Map<unknown>, user: PublicUser, input: NewFindingInput): string {
  const findings = target.get('findings');
  if (!(findings instanceof Y.Array)) throw new Error('target has no findings array');
  const id = randomId('f_');
  transact(target, () => {
    findings.push([
      newFinding({
        id,
        category: input.category,
        severity: input.severity,
        description: input.description,
        createdBy: user.id,
        createdByName: user.name,
        createdAt: new Date().toISOString(),
      }),
    ]);
  });
  return id;
}

export function setFindingField(finding: Y.Map<unknown>, field: 'category' | 'severity', value: FindingCategory | Severity): void {
  transact(finding, () => {
    if (finding.get(field) !== value) finding.set(field, value);
  });
}

export function removeFinding(target: Y.Map<unknown>, findingId: string): void {
  const findings = target.get('findings');
  if (!(findings instanceof Y.Array)) return;
  transact(target, () => {
    const index = findings.toArray().findIndex((m) => m instanceof Y.Map && m.get('id') === findingId);
    if (index >= 0) findings.delete(index, 1);
  });
}
