/**
 * Binds a <textarea> (or <input>) to a Y.Text so several people can type in the same note.
 *
 * Local typing: on `input`, diff the Y.Text's string with the field's value (lib0
 * `simpleDiffString`) and apply the delete + insert in one LOCAL_UI transaction.
 * Remote changes: before any other transaction we remember the caret as Y.RelativePositions;
 * after it, the field takes the new text and the caret goes back to where those positions now
 * point, so it stays next to the same characters while someone else types elsewhere.
 * IME (pinyin) composition: nothing is written while composing — remote changes wait too, since
 * touching the field's value would cancel the composition — and the composed text is inserted
 * at compositionend at the position where it began.
 */
import { simpleDiffString } from 'lib0/diff';
import * as Y from 'yjs';
import { LOCAL_UI } from './origins';

type Field = HTMLTextAreaElement | HTMLInputElement;

interface Selection {
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  direction: 'forward' | 'backward' | 'none';
}

export interface TextBindingOptions {
  /** Grow a textarea to fit its text. */
  autosize?: boolean;
}

export function bindYText(el: Field, ytext: Y.Text, opts: TextBindingOptions = {}): () => void {
  const doc = ytext.doc;
  if (!doc) throw new Error('bindYText: the Y.Text is not attached to a document');

  let writing = false; // our own transaction is running
  let composing = false;
  let remoteWhileComposing = false;
  let saved: Selection | null = null;
  let composition: { base: string; start: number; end: number; relStart: Y.RelativePosition; relEnd: Y.RelativePosition } | null = null;

  const focused = () => document.activeElement === el;
  // assoc -1: a caret sticks to the character on its left, so when two people type at the same
  // spot each keeps typing after their own characters and words do not interleave.
  const rel = (index: number) => Y.createRelativePositionFromTypeIndex(ytext, index, -1);
  const abs = (pos: Y.RelativePosition, fallback: number): number => {
    const a = Y.createAbsolutePositionFromRelativePosition(pos, doc);
    return a && a.type === ytext ? a.index : fallback;
  };

  const resize = () => {
    if (!opts.autosize || !(el instanceof HTMLTextAreaElement)) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  };

  const write = (fn: () => void) => {
    writing = true;
    try {
      doc.transact(fn, LOCAL_UI);
    } finally {
      writing = false;
    }
  };

  /** Apply the difference between the doc and the field (the field holds the truth). */
  const commit = () => {
    const before = ytext.toString();
    const after = el.value;
    if (before === after) return;
    const d = simpleDiffString(before, after);
    write(() => {
      if (d.remove > 0) ytext.delete(d.index, d.remove);
      if (d.insert.length > 0) ytext.insert(d.index, d.insert);
    });
  };

  /** Show the doc's text in the field, keeping the caret by relative position. */
  const render = () => {
    const text = ytext.toString();
    if (el.value === text) {
      saved = null;
      return;
    }
    const sel = saved;
    saved = null;
    if (focused() && sel) {
      const start = abs(sel.start, el.selectionStart ?? 0);
      const end = abs(sel.end, start);
      el.value = text;
      el.setSelectionRange(start, Math.max(start, end), sel.direction);
    } else {
      el.value = text;
    }
    resize();
  };

  const onBeforeTransaction = (tr: Y.Transaction) => {
    if (writing || composing || tr.origin === LOCAL_UI || !focused()) return;
    saved = {
      start: rel(el.selectionStart ?? 0),
      end: rel(el.selectionEnd ?? 0),
      direction: (el.selectionDirection ?? 'none') as Selection['direction'],
    };
  };

  const onObserve = () => {
    if (writing) return;
    if (composing) {
      remoteWhileComposing = true;
      return;
    }
    render();
  };

  const onInput = (e: Event) => {
    if (composing || (e as InputEvent).isComposing) return;
    commit();
    resize();
  };

  const onCompositionStart = () => {
    composing = true;
    remoteWhileComposing = false;
    const start = el.selectionStart ?? 0;
    const end = el.selectionEnd ?? start;
    composition = { base: ytext.toString(), start, end, relStart: rel(start), relEnd: rel(end) };
  };

  const onCompositionEnd = () => {
    composing = false;
    const c = composition;
    composition = null;
    if (!remoteWhileComposing || !c) {
      commit();
      resize();
      return;
    }
    // Others typed meanwhile: splice the composed text in where the composition began.
    remoteWhileComposing = false;
    const value = el.value;
    const prefix = c.base.slice(0, c.start);
    const suffix = c.base.slice(c.end);
    let index: number;
    let remove: number;
    let insert: string;
    if (value.startsWith(prefix) && value.endsWith(suffix) && value.length >= prefix.length + suffix.length) {
      index = abs(c.relStart, 0);
      remove = Math.max(0, abs(c.relEnd, index) - index);
      insert = value.slice(prefix.length, value.length - suffix.length);
    } else {
      const d = simpleDiffString(c.base, value);
      index = Math.min(ytext.length, Math.max(0, abs(c.relStart, 0) + (d.index - c.start)));
      remove = Math.min(d.remove, ytext.length - index);
      insert = d.insert;
    }
    write(() => {
      if (remove > 0) ytext.delete(index, remove);
      if (insert.length > 0) ytext.insert(index, insert);
    });
    el.value = ytext.toString();
    const caret = index + insert.length;
    el.setSelectionRange(caret, caret);
    resize();
  };

  el.value = ytext.toString();
  resize();
  doc.on('beforeTransaction', onBeforeTransaction);
  ytext.observe(onObserve);
  el.addEventListener('input', onInput);
  el.addEventListener('compositionstart', onCompositionStart);
  el.addEventListener('compositionend', onCompositionEnd);

  return () => {
    doc.off('beforeTransaction', onBeforeTransaction);
    ytext.unobserve(onObserve);
    el.removeEventListener('input', onInput);
    el.removeEventListener('compositionstart', onCompositionStart);
    el.removeEventListener('compositionend', onCompositionEnd);
  };
}
