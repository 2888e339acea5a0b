/**
 * What each target looked like, compactly, so a change after sign-off can be recorded as an
 * amendment naming what changed ("answers", "note", "finding added", …). Pure over Yjs.
 */
import * as Y from 'yjs';

export interface TargetPrint {
  label: string;
  answers: string;
  note: string;
  findings: string[];
  findingsText: string;
  checkedAt: string | null;
}

export type SheetPrint = Record<string, TargetPrint>;

/** FNV-1a, 32 bits: enough to notice that a text changed without storing it twice. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

export function sheetPrint(doc: Y.Doc): SheetPrint {
  const out: SheetPrint = {};
  doc.getMap<Y.Map<unknown>>('targets').forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const answers = m.get('answers');
    const note = m.get('note');
    const findings = m.get('findings');
    const fs = findings instanceof Y.Array ? findings.toArray().filter((f): f is Y.Map<unknown> => f instanceof Y.Map) : [];
    const a = answers instanceof Y.Map ? Object.fromEntries([...answers.entries()].sort(([x], [y]) => x.localeCompare(y))) : {};
    out[id] = {
      label: String(m.get('label') ?? id),
      answers: fnv(JSON.stringify(a)),
      note: fnv(note instanceof Y.Text ? note.toString() : ''),
      findings: fs.map((f) => String(f.get('id') ?? '')),
      findingsText: fnv(fs.map((f) => `${String(f.get('category'))}|${String(f.get('severity'))}|${String(f.get('description') ?? '')}`).join('\n')),
      checkedAt: (m.get('checkedAt') as string | null) ?? null,
    };
  });
  return out;
}

/** Per changed target, what changed, in words a log can show (zh). */
export function diffPrints(before: SheetPrint, after: SheetPrint): { targetId: string; label: string; changes: string[] }[] {
  const out: { targetId: string; label: string; changes: string[] }[] = [];
  for (const [id, a] of Object.entries(after)) {
    const b = before[id];
    const changes: string[] = [];
    if (!b) changes.push('新增核查对象');
    else {
      if (a.answers !== b.answers) changes.push('核查项');
      if (a.note !== b.note) changes.push('备注');
      const added = a.findings.filter((f) => !b.findings.includes(f)).length;
      const removed = b.findings.filter((f) => !a.findings.includes(f)).length;
      if (added) changes.push(`新增问题 ${added} 条`);
      if (removed) changes.push(`删除问题 ${removed} 条`);
      if (!added && !removed && a.findingsText !== b.findingsText) changes.push('问题内容');
      if (a.checkedAt !== b.checkedAt) changes.push(a.checkedAt ? '标记已核查' : '撤销已核查');
    }
    if (changes.length) out.push({ targetId: id, label: a.label, changes });
  }
  for (const [id, b] of Object.entries(before)) if (!after[id]) out.push({ targetId: id, label: b.label, changes: ['核查对象被移除'] });
  return out;
}
