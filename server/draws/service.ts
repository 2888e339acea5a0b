/**
 * Preview, publish, read and verify the day's draws: thin orchestration over the draw engine
 * (shared/draw), the audit log (repo.ts), the sheets (fill.ts) and the verifier. Everything it
 * reads from outside — the clock, the seed source, problems awaiting re-visit, sign-offs — is
 * passed in, so tests can pin them.
 */
import { canonicalJson, DRAW_ALGORITHM, DrawInputInvalid, drawLists, resolveSettings, validateDrawInput, type AwaitingRevisit, type DrawInput, type DrawResult } from '../../shared/draw';
import type { DrawPreview, DrawPublisher, PublishedDraw, StoredDrawInput, VerifyReport } from '../../shared/drawApi';
import { dayInZone } from '../../shared/dates';
import type { Registry } from '../../shared/registry';
import { sheetDocName } from '../../shared/sheet';
import { badRequest, HttpError } from '../api/errors';
import { fillSheets, type FillDeps, type Filled } from './fill';
import { recentlyChecked } from './history';
import type { StoredDraw } from './repo';
import { sha256, type RegistrySnapshot, type SnapshotCache } from './snapshot';
import { verifyDay, type VerifyDeps } from './verify';

/** Reading more than a month of sheets per draw buys nothing (a pairing contact visits weekly). */
export const MAX_RECENT_DAYS = 31;
const REASON_MAX = 500;

export interface DrawServiceDeps extends FillDeps {
  snapshots: SnapshotCache;
  awaitingRevisit(): Promise<AwaitingRevisit[]>;
  /** Whether the debrief signed this sheet off (then its day is closed to a re-draw). */
  signedOff(docName: string): Promise<boolean>;
  loadSheet: VerifyDeps['loadSheet'];
  zone: string;
  now(): Date;
  /** 32 bytes from a CSPRNG, as 64 hex digits. */
  newSeed(): string;
}

interface Prepared {
  snap: RegistrySnapshot;
  input: StoredDrawInput;
  result: DrawResult;
}

/** The engine's first complaint becomes the 400's code and field; the message lists them all. */
function invalid(e: DrawInputInvalid): HttpError {
  const first = e.errors[0]!;
  return new HttpError(400, first.code, e.message, first.path);
}

/**
 * Problems the engine would refuse (a village no longer in the registry, an id that collides
 * with an issue) are a ledger/registry mismatch, not the admin's input: they are left out of the
 * pool and logged, so one stale problem cannot block every draw.
 */
function usableProblems(registry: Registry, problems: AwaitingRevisit[]): { ok: AwaitingRevisit[]; dropped: string[] } {
  const villages = new Set(registry.villages.map((v) => v.id));
  const taken = new Set(registry.issues.map((i) => i.id));
  const ok: AwaitingRevisit[] = [];
  const dropped: string[] = [];
  for (const p of problems) {
    if (villages.has(p.villageId) && !taken.has(p.problemId)) ok.push(p);
    else dropped.push(p.problemId);
    taken.add(p.problemId);
  }
  return { ok, dropped };
}

export class DrawService {
  constructor(private readonly deps: DrawServiceDeps) {}

  today(): string {
    return dayInZone(this.deps.now(), this.deps.zone);
  }

  /** Draws for a day that has not passed yet; refuses (400) anything the engine would refuse. */
  private async prepare(date: string, rawSettings: unknown, seed: string): Promise<Prepared> {
    const today = this.today();
    if (date < today) throw badRequest(`date: ${date} has passed (today is ${today}); a day's lists are drawn on or before the day`, 'date');
    const snap = await this.deps.snapshots.current();
    if (!snap) throw new HttpError(400, 'no_registry', `date: there is no registry snapshot to draw ${date} from; import the registry first`, 'date');
    const errors = validateDrawInput({ registry: snap.registry, date, seed, settings: rawSettings as DrawInput['settings'] });
    if (errors.length > 0) throw invalid(new DrawInputInvalid(errors));
    const settings = resolveSettings(rawSettings as DrawInput['settings']);
    if (settings.recentDays > MAX_RECENT_DAYS) throw new HttpError(400, 'bad_setting', `settings.recentDays: at most ${MAX_RECENT_DAYS}, got ${settings.recentDays}`, 'settings.recentDays');
    const recent = await recentlyChecked(this.deps, date, settings.recentDays);
    const problems = usableProblems(snap.registry, await this.deps.awaitingRevisit());
    if (problems.dropped.length > 0) this.deps.log.warn('draws.problems_left_out', { date, problems: problems.dropped });
    const input = { registry: snap.registry, date, seed, settings, recentlyChecked: recent, awaitingRevisit: problems.ok };
    try {
      return { snap, input, result: drawLists(input) };
    } catch (e) {
      if (e instanceof DrawInputInvalid) throw invalid(e);
      throw e;
    }
  }

  async preview(date: string, settings: unknown): Promise<DrawPreview> {
    const { snap, input, result } = await this.prepare(date, settings, this.deps.newSeed());
    const latest = await this.deps.repo.latest(date);
    return {
      preview: true,
      date,
      seed: input.seed,
      algorithm: DRAW_ALGORITHM,
      registryHash: snap.hash,
      settings: input.settings,
      settingsHash: result.settingsHash,
      recentlyChecked: input.recentlyChecked,
      awaitingRevisit: input.awaitingRevisit,
      result,
      nextSeq: (latest?.draw.seq ?? 0) + 1,
    };
  }

  /**
   * Draws with a fresh seed — never a previewed one, or an admin could preview until a list
   * suited them — appends the draw to the log, then fills the sheets.
   */
  async publish(date: string, body: { settings?: unknown; reason?: string }, by: DrawPublisher): Promise<PublishedDraw> {
    const latest = await this.deps.repo.latest(date);
    const reason = body.reason?.trim() || null;
    if (latest && !reason) throw badRequest(`reason: draw #${latest.draw.seq} is already published for ${date}; a re-draw needs a written reason`, 'reason');
    if (reason && reason.length > REASON_MAX) throw badRequest(`reason: at most ${REASON_MAX} characters`, 'reason');
    const { snap, input, result } = await this.prepare(date, body.settings, this.deps.newSeed());
    for (const g of result.groups) {
      if (await this.deps.signedOff(sheetDocName(g.groupId, date))) {
        throw new HttpError(409, 'signed_off', `group ${g.groupId}'s sheet for ${date} is signed off; its lists can no longer change`, 'date');
      }
    }
    const resultJson = canonicalJson(result);
    const seq = (latest?.draw.seq ?? 0) + 1;
    const draw: PublishedDraw = {
      seq,
      date,
      seed: input.seed,
      algorithm: result.algorithm,
      registryHash: snap.hash,
      settings: input.settings,
      settingsHash: result.settingsHash,
      recentlyChecked: input.recentlyChecked,
      awaitingRevisit: input.awaitingRevisit,
      result,
      resultHash: sha256(resultJson),
      publishedBy: by,
      publishedAt: this.deps.now().toISOString(),
      reason,
      supersedes: latest ? latest.draw.seq : null,
    };
    await this.deps.repo.putSnapshot(snap.hash, snap.canonical);
    if ((await this.deps.repo.append(draw, resultJson)) === 'conflict') {
      throw new HttpError(409, 'draw_conflict', `another draw for ${date} was published a moment ago; reload, and re-draw with a reason if needed`);
    }
    this.deps.log.info('draws.published', { date, seq, by: by.id, registry: snap.hash, result: draw.resultHash, reason });
    await this.fill(date);
    return draw;
  }

  /** Puts the draw in force on the sheets again (finishes a publish whose filling failed). */
  async fill(date: string): Promise<Filled[]> {
    try {
      return await fillSheets(this.deps, date);
    } catch (err) {
      this.deps.log.error('draws.fill_failed', { date, err });
      throw err;
    }
  }

  list(date: string): Promise<StoredDraw[]> {
    return this.deps.repo.list(date);
  }

  verify(date: string, seq?: number): Promise<VerifyReport | null> {
    return verifyDay({ ...this.deps, knownRegistry: (h) => this.deps.snapshots.known(h) }, date, seq);
  }

  /**
   * Exactly what draw `seq` (default: the one in force) was drawn from, as JSON text (a
   * `StoredDrawInput`); null if there is no such draw. The snapshot's bytes are spliced in as
   * stored rather than parsed and re-serialised (3.5 MB for the demo county).
   */
  async inputJson(date: string, seq?: number): Promise<string | null> {
    const all = await this.deps.repo.list(date);
    const s = seq === undefined ? all.at(-1) : all.find((x) => x.draw.seq === seq);
    if (!s) return null;
    const text = await this.deps.repo.snapshot(s.draw.registryHash);
    if (text === null) throw new HttpError(404, 'snapshot_missing', `the registry snapshot of draw #${s.draw.seq} is not stored`);
    const d = s.draw;
    const rest: Omit<StoredDrawInput, 'registry'> = { date: d.date, seed: d.seed, settings: d.settings, recentlyChecked: d.recentlyChecked, awaitingRevisit: d.awaitingRevisit };
    return `{"registry":${text},${JSON.stringify(rest).slice(1)}`;
  }
}
