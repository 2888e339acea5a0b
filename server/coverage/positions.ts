/**
 * Members' live positions (issue 6, SPEC MP3–MP7): a phone's `position:report` over socket.io is
 * checked (role, own user and group, shape, time, per-socket rate), kept as the member's latest of
 * that day in Redis, and broadcast as `position` to `county` and `group:<id>` — the coverage
 * feed's rooms. The Redis adapter carries the emit to every instance's sockets.
 */
import { z } from 'zod';
import { scopeIncludes, type CoverageScope } from '../../shared/coverage/access';
import {
  MAX_AGE_MS,
  MAX_FUTURE_MS,
  POSITION_EVENT,
  POSITION_REPORT,
  RATE_BURST,
  RATE_REFILL_MS,
  type PositionAck,
  type ReportedPosition,
} from '../../shared/coverage/positions';
import { dayInZone } from '../../shared/dates';
import { LiveRoom } from '../../shared/liveEvents';
import type { PublicUser } from '../../shared/roles';
import type { LiveServer, LiveSocket } from '../live/io';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';

/** Long enough for yesterday's replay and a weekend; positions are not an archive. */
const KEEP_SECONDS = 3 * 24 * 3600;

export const positionKey = keys.positionsOfDay;

const Report = z
  .object({
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    accuracy: z.number().min(0).max(100_000).optional(),
    at: z.iso.datetime({ offset: true }),
    userId: z.string().max(200).optional(),
    groupId: z.string().max(200).optional(),
  })
  .strict();

// Sets the member's entry only if it is newer than the stored one: a report an offline phone
// sends late must not replace a newer one from another tab or device. Value: "<ms> <json>".
const SET_IF_NEWER = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then
  local t = tonumber(string.match(old, '^(%d+)'))
  if t and t >= tonumber(ARGV[2]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

const refuse = (error: Exclude<PositionAck, { ok: true }>['error'], message: string, extra: { field?: string; retryAfterMs?: number } = {}): PositionAck => ({
  ok: false,
  error,
  message,
  ...extra,
});

export interface PositionFeedDeps {
  redis: Redis;
  log: Logger;
  dayZone: string;
  io: () => LiveServer | undefined;
  now?: () => number;
}

/** A token bucket: `RATE_BURST` at once, refilled one per `RATE_REFILL_MS`. */
export class Bucket {
  private tokens = RATE_BURST;
  private last: number;
  constructor(now: number) {
    this.last = now;
  }
  /** 0 when a report may pass (and takes a token), else ms until one may. */
  take(now: number): number {
    this.tokens = Math.min(RATE_BURST, this.tokens + (now - this.last) / RATE_REFILL_MS);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) * RATE_REFILL_MS);
  }
}

export class PositionFeed {
  /** For tests: every position this instance stored and emitted. */
  onEmit?: (p: ReportedPosition) => void;
  private readonly now: () => number;

  constructor(private readonly deps: PositionFeedDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Called for every new socket: only field roles get a handler that does anything but refuse. */
  readonly attach = (socket: LiveSocket): void => {
    const bucket = new Bucket(this.now());
    socket.on(POSITION_REPORT, (payload: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (a: PositionAck) => void) : () => undefined;
      this.report(socket.data.user, payload, bucket).then(reply, (err: unknown) => {
        this.deps.log.warn('positions.report_failed', { user: socket.data.user.id, err });
        reply(refuse('unavailable', 'position not stored, retry later'));
      });
    });
  };

  /** The checks in order: who (role, own user and group), what (shape, time), how often; then store. */
  async report(user: PublicUser, payload: unknown, bucket: Bucket): Promise<PositionAck> {
    if ((user.role !== 'inspector' && user.role !== 'leader') || !user.groupId) {
      return refuse('forbidden', 'only inspectors and group leaders report their position');
    }
    const parsed = Report.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.code === 'unrecognized_keys' ? (issue.keys[0] ?? '') : issue.path.map(String).join('.');
      return refuse('invalid', field ? `${field}: ${issue.message}` : issue.message, field ? { field } : {});
    }
    const r = parsed.data;
    if (r.userId !== undefined && r.userId !== user.id) return refuse('forbidden', 'a position is reported by its own member only', { field: 'userId' });
    if (r.groupId !== undefined && r.groupId !== user.groupId) return refuse('forbidden', 'a position is reported for your own group only', { field: 'groupId' });
    // {0, 0} is how a failed fix is written elsewhere in the app (CheckLocation): never a place here.
    if (r.lng === 0 && r.lat === 0) return refuse('invalid', 'lng/lat: 0, 0 is not a position', { field: 'lng' });
    const now = this.now();
    const atMs = Date.parse(r.at);
    if (atMs > now + MAX_FUTURE_MS) return refuse('invalid', 'at: in the future (check the phone’s clock)', { field: 'at' });
    if (atMs < now - MAX_AGE_MS) return refuse('invalid', 'at: older than 24 hours', { field: 'at' });
    const wait = bucket.take(now);
    if (wait > 0) return refuse('rate_limited', 'too many position reports', { retryAfterMs: wait });

    const p: ReportedPosition = {
      date: dayInZone(new Date(atMs), this.deps.dayZone),
      groupId: user.groupId,
      userId: user.id,
      name: user.name,
      lngLat: [Math.round(r.lng * 1e6) / 1e6, Math.round(r.lat * 1e6) / 1e6],
      acc: r.accuracy === undefined ? null : Math.round(r.accuracy),
      at: new Date(atMs).toISOString(),
    };
    const stored = await this.deps.redis.eval(SET_IF_NEWER, {
      keys: [positionKey(p.date)],
      arguments: [p.userId, String(atMs), JSON.stringify(p), String(KEEP_SECONDS)],
    });
    if (stored !== 1) return { ok: true, stored: false };
    const io = this.deps.io();
    if (io) io.to(LiveRoom.county).to(LiveRoom.group(p.groupId)).emit(POSITION_EVENT, p);
    this.onEmit?.(p);
    return { ok: true, stored: true };
  }

  /** A day's latest positions that `scope` may see (for the coverage snapshot). */
  async forDay(date: string, scope: CoverageScope): Promise<ReportedPosition[]> {
    const all = await this.deps.redis.hVals(positionKey(date));
    const out: ReportedPosition[] = [];
    for (const v of all) {
      try {
        const p = JSON.parse(v.slice(v.indexOf(' ') + 1)) as ReportedPosition;
        if (p.date === date && scopeIncludes(scope, p.groupId)) out.push(p);
      } catch {
        this.deps.log.warn('positions.unreadable', { date });
      }
    }
    return out;
  }
}
