/** Helpers for the debrief and ledger tests: a JSON client, and server-side sheet edits. */
import * as Y from 'yjs';
import type { RunningServer } from '../../server/server';
import { dayInZone } from '../../shared/dates';
import { newFinding, sheetDocName } from '../../shared/sheet';
import type { FindingCategory } from '../../shared/categories';

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export function client(server: RunningServer, token: string) {
  const call = async <T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  return {
    get: <T = unknown>(p: string) => call<T>('GET', p),
    post: <T = unknown>(p: string, b?: unknown) => call<T>('POST', p, b ?? {}),
    put: <T = unknown>(p: string, b: unknown) => call<T>('PUT', p, b),
    del: <T = unknown>(p: string) => call<T>('DELETE', p),
  };
}

export const today = (s: RunningServer): string => dayInZone(new Date(), s.ctx.config.dayZone);
export const todaySheet = (s: RunningServer, groupId = 'g1'): string => sheetDocName(groupId, today(s));
export const enc = encodeURIComponent;

/** The ids of a sheet's targets, in sheet order. */
export async function targetIds(s: RunningServer, docName: string): Promise<string[]> {
  const doc = await s.ctx.rooms.snapshot(docName);
  const ids = [...doc.getMap('targets').keys()];
  doc.destroy();
  return ids;
}

/** Adds a finding to a target as an inspector's client would (server-side edit, stored first). */
export async function addFinding(s: RunningServer, docName: string, targetId: string, id: string, description: string, category: FindingCategory = 'assistance'): Promise<void> {
  await s.ctx.rooms.change(docName, (doc) => {
    const t = doc.getMap<Y.Map<unknown>>('targets').get(targetId)!;
    (t.get('findings') as Y.Array<Y.Map<unknown>>).push([
      newFinding({ id, category, severity: 'medium', description, createdBy: 'inspector1a', createdByName: '周晓燕', createdAt: new Date().toISOString() }),
    ]);
  });
}

/** Answers a re-visit target's verdict and marks it checked (as the inspector on site would). */
export async function answerRevisit(s: RunningServer, docName: string, targetId: string, verdict: 'close' | 'return' | null, checked = true): Promise<void> {
  await s.ctx.rooms.change(docName, (doc) => {
    const t = doc.getMap<Y.Map<unknown>>('targets').get(targetId)!;
    const answers = t.get('answers') as Y.Map<unknown>;
    if (verdict) answers.set('verdict', verdict);
    if (verdict === 'return') answers.set('return_reason', '现场核实仍未整改到位');
    if (checked) {
      t.set('checkedBy', 'inspector1b');
      t.set('checkedByName', '吴海涛');
      t.set('checkedAt', new Date().toISOString());
      t.set('location', { lat: 30, lng: 110 });
    }
  });
}

export const inDays = (s: RunningServer, n: number): string => {
  const d = new Date(`${today(s)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
