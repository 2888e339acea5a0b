/** A debrief's records in Redis: decisions, the sign-off, re-visit outcomes, amendments. */
import type { SheetPrint } from '../../shared/debrief/fingerprint';
import type { Amendment, Decision, DebriefState, RevisitOutcome, SignOffRecord } from '../../shared/debrief/types';
import type { Redis } from '../redis/connect';
import { ledgerKeys as K } from '../problems/keys';

export type StoredDecision = Decision;

const parse = <T>(raw: string | null | undefined): T | null => (raw ? (JSON.parse(raw) as T) : null);

export class DebriefRepo {
  constructor(private readonly redis: Redis) {}

  async decisions(docName: string): Promise<Record<string, StoredDecision>> {
    const all = await this.redis.hGetAll(K.decisions(docName));
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as StoredDecision]));
  }

  async decision(docName: string, findingId: string): Promise<StoredDecision | null> {
    return parse(await this.redis.hGet(K.decisions(docName), findingId));
  }

  async putDecision(docName: string, findingId: string, d: StoredDecision): Promise<void> {
    await this.redis.hSet(K.decisions(docName), findingId, JSON.stringify(d));
  }

  async deleteDecision(docName: string, findingId: string): Promise<void> {
    await this.redis.hDel(K.decisions(docName), findingId);
  }

  async problems(docName: string): Promise<Record<string, string>> {
    return this.redis.hGetAll(K.debriefProblems(docName));
  }

  async linkProblem(docName: string, findingId: string, problemId: string): Promise<void> {
    await this.redis.hSet(K.debriefProblems(docName), findingId, problemId);
  }

  async signedOff(docName: string): Promise<SignOffRecord | null> {
    return parse(await this.redis.get(K.signedOff(docName)));
  }

  /** For the day's sheet list: which of these docs are signed off (one round trip). */
  async signedOffMany(docNames: string[]): Promise<(SignOffRecord | null)[]> {
    if (docNames.length === 0) return [];
    return (await this.redis.mGet(docNames.map(K.signedOff))).map((r) => parse<SignOffRecord>(r));
  }

  /** Records the sign-off unless one exists; returns the record that stands and whether it is ours. */
  async signOff(rec: SignOffRecord): Promise<{ record: SignOffRecord; first: boolean }> {
    const set = await this.redis.set(K.signedOff(rec.docName), JSON.stringify(rec), { condition: 'NX' });
    if (set !== null) return { record: rec, first: true };
    const stored = await this.signedOff(rec.docName);
    if (!stored) throw new Error(`sign-off of ${rec.docName} vanished`);
    return { record: stored, first: false };
  }

  async revisits(docName: string): Promise<Record<string, RevisitOutcome>> {
    const all = await this.redis.hGetAll(K.revisits(docName));
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as RevisitOutcome]));
  }

  /** Keeps the first outcome recorded for a re-visit target. */
  async recordRevisit(docName: string, o: RevisitOutcome): Promise<void> {
    await this.redis.hSetNX(K.revisits(docName), o.targetId, JSON.stringify(o));
  }

  async amendments(docName: string): Promise<Amendment[]> {
    return (await this.redis.lRange(K.amendments(docName), 0, -1)).map((r) => JSON.parse(r) as Amendment);
  }

  async addAmendment(docName: string, a: Amendment): Promise<void> {
    await this.redis.rPush(K.amendments(docName), JSON.stringify(a));
  }

  async print(docName: string): Promise<SheetPrint | null> {
    return parse(await this.redis.get(K.print(docName)));
  }

  async setPrint(docName: string, p: SheetPrint): Promise<void> {
    await this.redis.set(K.print(docName), JSON.stringify(p));
  }

  async state(docName: string, groupId: string, date: string): Promise<DebriefState> {
    const [signedOff, decisions, problems, revisits, amendments] = await Promise.all([
      this.signedOff(docName),
      this.decisions(docName),
      this.problems(docName),
      this.revisits(docName),
      this.amendments(docName),
    ]);
    return { docName, groupId, date, signedOff, decisions, problems, revisits: Object.values(revisits), amendments };
  }
}
