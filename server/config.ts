/** All environment settings, read once at start-up (never at import time elsewhere). */
import path from 'node:path';
import { DEFAULT_BLOB_MAX_BYTES, DEFAULT_PRESENCE_MAX_METERS } from '../shared/field/settings';
import { loadSummarySettings, type SummarySettings } from './summary/settings';

export interface Config {
  port: number;
  /** Unset → start a local redis-server under dataDir. */
  redisUrl: string | undefined;
  dataDir: string;
  /** fsync policy of the Redis that `npm start` spawns (see server/redis/spawn.ts). */
  appendfsync: 'always' | 'everysec';
  /** Zone that decides where a calendar day starts and ends. */
  dayZone: string;
  demo: boolean;
  demoPassword: string;
  /** Largest WebSocket frame accepted on /yjs, in bytes. */
  wsMaxFrame: number;
  /** A peer whose unsent output passes this many bytes reads too slowly and is dropped. */
  wsSendBuffer: number;
  /** Compact a document once its stream holds this many entries. */
  compactEntries: number;
  /** …or once it has been idle for this long (ms) with anything in its stream. */
  compactIdleMs: number;
  /** Entries stay this long in a stream after a snapshot covers them (other instances read them). */
  trimGraceMs: number;
  sessionTtlSeconds: number;
  /** Failed logins allowed per client address and username in five minutes. */
  loginRateLimit: number;
  /** `Secure` on the session cookie; on by default behind TLS in production. */
  cookieSecure: boolean;
  clientDist: string;
  instanceId: string;
  /** Public Mapbox token: set → the command centre's map is drawn by mapbox-gl, else maplibre (offline). */
  mapboxAccessToken: string | undefined;
  /** BASEMAP_PMTILES: a PMTiles archive to draw under the command map (served from our origin); unset = none. */
  basemapPmtiles: string | undefined;
  /** Largest photo accepted at PUT /api/blobs (bytes, after the phone compressed it). */
  blobMaxBytes: number;
  /** Where the filesystem BlobStore keeps photos. */
  blobDir: string;
  /** A check further than this from the registered location is flagged (metres). */
  presenceMaxMeters: number;
  /** The nightly summary: SUMMARY_CRON, SUMMARY_WEBHOOKS and delivery retries (server/summary/settings.ts). */
  summary: SummarySettings;
  /** DRAW_CRON: publish each day's draw on this schedule in TZ_DAY (e.g. `30 6 * * *`); unset = off. */
  drawCron: string | undefined;
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  return {
    port: int(env, 'PORT', 8080),
    redisUrl: env.REDIS_URL || undefined,
    dataDir,
    appendfsync: env.REDIS_APPENDFSYNC === 'everysec' ? 'everysec' : 'always',
    dayZone: env.TZ_DAY || 'Asia/Shanghai',
    demo: env.DEMO !== '0',
    demoPassword: env.DEMO_PASSWORD || 'suicha-demo',
    wsMaxFrame: int(env, 'WS_MAX_FRAME', 1024 * 1024),
    wsSendBuffer: int(env, 'WS_SEND_BUFFER', 16 * 1024 * 1024),
    compactEntries: int(env, 'COMPACT_ENTRIES', 500),
    compactIdleMs: int(env, 'COMPACT_IDLE_MS', 30_000),
    trimGraceMs: int(env, 'TRIM_GRACE_MS', 5_000),
    sessionTtlSeconds: int(env, 'SESSION_TTL_SECONDS', 14 * 24 * 3600),
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 10),
    cookieSecure: env.COOKIE_SECURE === '1',
    clientDist: path.resolve(env.CLIENT_DIST || 'client/dist'),
    instanceId: env.INSTANCE_ID || `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    mapboxAccessToken: env.MAPBOX_ACCESS_TOKEN || undefined,
    basemapPmtiles: env.BASEMAP_PMTILES?.trim() ? path.resolve(env.BASEMAP_PMTILES.trim()) : undefined,
    blobMaxBytes: int(env, 'BLOB_MAX_BYTES', DEFAULT_BLOB_MAX_BYTES),
    blobDir: path.join(dataDir, 'blobs'),
    presenceMaxMeters: int(env, 'PRESENCE_MAX_METERS', DEFAULT_PRESENCE_MAX_METERS),
    summary: loadSummarySettings(env),
    drawCron: env.DRAW_CRON?.trim() || undefined,
  };
}
