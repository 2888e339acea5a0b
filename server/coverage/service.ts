/**
 * The command centre's server side, one per AppContext: the registry view, the live feed, and
 * the day snapshots the API and the socket `resync` answer with. Routes and server start-up
 * reach the same instance through `coverageFor(ctx)`, so AppContext needs no new field.
 */
import { coverageScope, scopeIncludes, type CoverageScope } from '../../shared/coverage/access';
import { COVERAGE_FEED } from '../../shared/coverage/events';
import { sheetMeta, sheetTargets, targetDetail } from '../../shared/coverage/fromSheet';
import type { CoverageSnapshot, GroupCoverage, TargetDetail } from '../../shared/coverage/types';
import { dayInZone } from '../../shared/dates';
import { sheetDocName } from '../../shared/sheet';
import type { AppContext } from '../api/context';
import type { LiveHooks, LiveSocket } from '../live/io';
import { CoverageFeed } from './feed';
import { RegistryView } from './featureIndex';
import { PositionFeed } from './positions';

/** How often the registry's hash is compared (an import by the county office shows up within this). */
const REGISTRY_CHECK_MS = 5_000;

export class CoverageService {
  readonly view: RegistryView;
  readonly feed: CoverageFeed;
  readonly positions: PositionFeed;

  constructor(private readonly ctx: AppContext) {
    this.view = new RegistryView(ctx.registry, ctx.log);
    this.feed = new CoverageFeed({ rooms: ctx.rooms, view: this.view, log: ctx.log, io: () => ctx.live });
    this.positions = new PositionFeed({ redis: ctx.redis, log: ctx.log, dayZone: ctx.config.dayZone, io: () => ctx.live });
  }

  async start(): Promise<void> {
    await this.view.start(REGISTRY_CHECK_MS, () => this.feed.registryChanged());
    this.feed.start();
  }

  stop(): void {
    this.feed.stop();
    this.view.stop();
  }

  today(): string {
    return dayInZone(new Date(), this.ctx.config.dayZone);
  }

  /** A day's coverage as `scope` may see it. Loaded sheets are read from memory, others from Redis. */
  async snapshot(date: string, scope: CoverageScope): Promise<CoverageSnapshot> {
    if (!this.view.registry) await this.view.refresh();
    const records = (await this.ctx.sheets.forDay(date)).filter((s) => scopeIncludes(scope, s.groupId));
    const [users, positions] = await Promise.all([this.ctx.users.list(), this.positions.forDay(date, scope)]);
    const groups: GroupCoverage[] = [];
    for (const rec of records) {
      const doc = await this.ctx.rooms.snapshot(rec.docName);
      try {
        const meta = sheetMeta(doc);
        groups.push({
          groupId: rec.groupId,
          groupName: meta.groupName || rec.groupName,
          quotas: meta.quotas,
          members: users.filter((u) => u.groupId === rec.groupId && (u.role === 'inspector' || u.role === 'leader')).map((u) => ({ id: u.id, name: u.name })),
          targets: sheetTargets(doc, this.view.index),
        });
      } finally {
        doc.destroy();
      }
    }
    // A sheet loaded here while we awaited may have emitted newer deltas already: take its state
    // now, synchronously, so this snapshot is never older than an event sent before it.
    for (const g of groups) g.targets = this.feed.current(sheetDocName(g.groupId, date)) ?? g.targets;
    return { date, registry: this.view.hash, groups, positions };
  }

  async detail(date: string, groupId: string, targetId: string): Promise<TargetDetail | null> {
    if (!(await this.ctx.sheets.exists(groupId, date))) return null;
    const doc = await this.ctx.rooms.snapshot(sheetDocName(groupId, date));
    try {
      return targetDetail(doc, groupId, targetId, this.view.index);
    } finally {
      doc.destroy();
    }
  }

  /** `resync('coverage')`: today's snapshot to this socket only, as its user may see it. */
  readonly resync = async (socket: LiveSocket): Promise<void> => {
    const scope = coverageScope(socket.data.user);
    if (!scope) throw new Error('no coverage access for this role');
    socket.emit('coverage:snapshot', await this.snapshot(this.today(), scope));
  };
}

const services = new WeakMap<AppContext, CoverageService>();

export function coverageFor(ctx: AppContext): CoverageService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new CoverageService(ctx)));
  return s;
}

/** Server start-up: watch sheets, answer `resync('coverage')`, take position reports. Returns the service (to stop it). */
export async function startCoverage(ctx: AppContext, live: LiveHooks): Promise<CoverageService> {
  const s = coverageFor(ctx);
  live.resync.set(COVERAGE_FEED, s.resync);
  live.connections.add(s.positions.attach);
  await s.start();
  return s;
}
