/**
 * The debrief, the problem ledger and the nightly summary, composed once per server from its
 * context: `ledger(ctx)` hands the same repositories and services to the routes, the sheet
 * access hook and the background jobs; `startLedger(ctx)` starts and stops those jobs.
 */
import { LiveRoom } from '../shared/liveEvents';
import { sheetAccess, type PublicUser, type SheetAccess } from '../shared/roles';
import { sheetDocName } from '../shared/sheet';
import type { AppContext } from './api/context';
import { AmendmentRecorder } from './debrief/amendments';
import { SignOffLock } from './debrief/lock';
import { DebriefRepo } from './debrief/repo';
import type { SignOffDeps } from './debrief/signoff';
import { binary } from './redis/connect';
import { ProblemRepo } from './problems/repo';
import { ProblemService } from './problems/service';
import { SummaryArchive } from './summary/archive';
import { Outbox } from './summary/outbox';
import { NightlyScheduler } from './summary/scheduler';
import { SummaryService } from './summary/service';

export interface Ledger {
  problemRepo: ProblemRepo;
  problems: ProblemService;
  debriefs: DebriefRepo;
  archive: SummaryArchive;
  outbox: Outbox;
  summaries: SummaryService;
  signOff: SignOffDeps;
}

const built = new WeakMap<AppContext, Ledger>();

export function ledger(ctx: AppContext): Ledger {
  const have = built.get(ctx);
  if (have) return have;
  const now = () => new Date();
  const zone = ctx.config.dayZone;
  const problemRepo = new ProblemRepo(ctx.redis);
  const debriefs = new DebriefRepo(ctx.redis);
  const problems = new ProblemService({
    repo: problemRepo,
    zone,
    now,
    log: ctx.log,
    changed: (p) => ctx.live?.to([LiveRoom.county, LiveRoom.group(p.groupId), LiveRoom.unit(p.unitId)]).emit('problem:changed', p),
  });
  const archive = new SummaryArchive(ctx.redis, binary(ctx.redis));
  const outbox = new Outbox({ redis: ctx.redis, settings: ctx.config.summary, log: ctx.log });
  const summaries = new SummaryService({
    registry: ctx.registry,
    sheets: ctx.sheets,
    rooms: ctx.rooms,
    debriefs,
    problems: problemRepo,
    archive,
    outbox,
    settings: ctx.config.summary,
    zone,
    now,
    log: ctx.log,
    ready: (e) => ctx.live?.to(LiveRoom.county).emit('summary:ready', e),
  });
  const signOff: SignOffDeps = {
    debriefs,
    problems,
    problemRepo,
    rooms: ctx.rooms,
    registry: () => ctx.registry.load(),
    closeDoc: (doc, reason) => ctx.sync?.closeDoc(doc, reason),
    signed: (docName, rec, created) => {
      const groupId = docName.split(':')[1]!;
      ctx.live?.to([LiveRoom.county, LiveRoom.group(groupId)]).emit('debrief:signed', { docName, groupId, date: rec.date, signedOff: rec, created });
    },
    roleOf: async (id) => (await ctx.users.get(id))?.role ?? null,
    now,
    log: ctx.log,
  };
  const l: Ledger = { problemRepo, problems, debriefs, archive, outbox, summaries, signOff };
  built.set(ctx, l);
  return l;
}

/**
 * The sheet access hook (server.ts → SyncServer): after sign-off the sheet is read-only for
 * everyone but the leader, whose later edits are recorded as amendments.
 */
export function accessAfterSignOff(ctx: AppContext) {
  return async (user: PublicUser, groupId: string, date: string): Promise<SheetAccess | 'missing'> => {
    if (!(await ctx.sheets.exists(groupId, date))) return 'missing';
    const access = sheetAccess(user, groupId);
    if (access !== 'write' || user.role === 'leader') return access;
    return (await ledger(ctx).debriefs.signedOff(sheetDocName(groupId, date))) ? 'read' : access;
  };
}

/** Background jobs: the sign-off lock, amendment recording, the webhook outbox, the nightly scheduler. */
export function startLedger(ctx: AppContext): { stop(): Promise<void> } {
  const l = ledger(ctx);
  const recorder = new AmendmentRecorder({
    debriefs: l.debriefs,
    leadersOf: async (groupId) => (await ctx.users.groupMembers(groupId)).filter((u) => u.role === 'leader').map((u) => ({ id: u.id, name: u.name })),
    log: ctx.log,
  });
  const lock = new SignOffLock((doc, reason) => ctx.sync?.closeDoc(doc, reason));
  for (const l of [recorder, lock]) {
    ctx.rooms.lifecycle.add(l);
    for (const room of ctx.rooms.loaded()) l.opened(room);
  }
  l.outbox.start();
  const scheduler = new NightlyScheduler({
    redis: ctx.redis,
    cron: ctx.config.summary.cron,
    zone: ctx.config.dayZone,
    now: () => new Date(),
    log: ctx.log,
    instanceId: ctx.config.instanceId,
    isDone: (d) => l.summaries.isDone(d),
    run: async (d) => void (await l.summaries.run(d)),
  });
  scheduler.start();
  return {
    async stop() {
      scheduler.stop();
      ctx.rooms.lifecycle.delete(recorder);
      ctx.rooms.lifecycle.delete(lock);
      await recorder.stop();
      await l.outbox.stop();
    },
  };
}
