/** Wires the parts together: Redis, repositories, rooms, the follower, HTTP and /yjs. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './api/context';
import { createApp } from './app';
import { Authenticator } from './auth/authenticate';
import { SessionStore } from './auth/sessions';
import { UserRepo } from './auth/users';
import type { Config } from './config';
import { seedDemo, type DemoAccount } from './demo/seed';
import type { Logger } from './logger';
import { binary, connectRedis } from './redis/connect';
import { RegistryRepo } from './registry/repo';
import { scheduleDailySheets } from './sheets/daily';
import { SheetRepo } from './sheets/repo';
import { StreamFollower } from './sync/follower';
import { AwarenessRelay } from './sync/awarenessRelay';
import { createMetrics } from './metrics';
import { RedisDocStore } from './sync/redisDocStore';
import { RoomManager } from './sync/rooms';
import { SyncServer } from './sync/wsServer';
import { createLiveServer } from './live/io';
import { listenForUserCloses } from './auth/userSockets';
import { BlobOwners } from './blobs/blobOwners';
import { FsBlobStore } from './blobs/fsBlobStore';
import { startCoverage } from './coverage/service';
import { accessAfterSignOff, startLedger } from './ledger';
import { startDrawScheduler } from './draws/wiring';
import { openBasemap } from './basemap/archive';

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  demoAccounts: DemoAccount[];
  close(): Promise<void>;
}

export async function startServer(config: Config, redisUrl: string, log: Logger): Promise<RunningServer> {
  const redis = await connectRedis(redisUrl, log, 'main');
  const followerRedis = await connectRedis(redisUrl, log, 'follower');
  const store = new RedisDocStore(binary(redis), config.trimGraceMs);
  const rooms = new RoomManager(
    store,
    config.instanceId,
    {
      compactEntries: config.compactEntries,
      compactIdleMs: config.compactIdleMs,
      awarenessMaxClients: 8,
      awarenessMaxBytes: 16 * 1024,
      awarenessPerSecond: 60,
    },
    log,
  );
  const follower = new StreamFollower(binary(followerRedis), redis, () => rooms.loaded(), store, log);
  const awarenessSub = redis.duplicate();
  awarenessSub.on('error', () => undefined);
  await awarenessSub.connect();
  const awarenessRelay = new AwarenessRelay(redis, awarenessSub, config.instanceId, log);
  rooms.lifecycle.add(awarenessRelay);
  rooms.events.roomsChanged = () => follower.wake();
  const metrics = createMetrics({
    connections: () => ctx.sync?.connectionCount ?? 0,
    docs: () => rooms.size,
    streamLengths: () => Promise.all([...rooms.loaded()].map((r) => store.streamLength(r.name))),
  });
  rooms.events.applied = (ms) => metrics.applied(ms);
  rooms.events.compacted = (ms) => metrics.compacted(ms);
  await follower.start();

  const users = new UserRepo(redis);
  const sessions = new SessionStore(redis, config.sessionTtlSeconds);
  const ctx: AppContext = {
    config,
    log,
    redis,
    users,
    sessions,
    auth: new Authenticator(sessions, users),
    registry: new RegistryRepo(redis),
    sheets: new SheetRepo(redis),
    rooms,
    metrics,
    blobs: new FsBlobStore(config.blobDir),
    blobOwners: new BlobOwners(redis),
    basemap: config.basemapPmtiles ? await openBasemap(config.basemapPmtiles, log) : null,
  };
  const demoAccounts = config.demo ? await seedDemo(ctx, config.demoPassword) : [];
  const daily = scheduleDailySheets({ redis, registry: ctx.registry, sheets: ctx.sheets, rooms, log }, config.dayZone);
  await daily.first;

  const app = createApp(ctx);
  const server = http.createServer(app);
  const sync = new SyncServer(
    {
      auth: ctx.auth,
      rooms,
      metrics,
      sheetAccess: accessAfterSignOff(ctx),
      log,
    },
    { maxFrameBytes: config.wsMaxFrame, maxBufferedBytes: config.wsSendBuffer, pingIntervalMs: 30_000 },
  );
  ctx.sync = sync;
  sync.attach(server);
  const live = await createLiveServer(server, { auth: ctx.auth, redis, log, instanceId: config.instanceId });
  ctx.live = live.io;
  const userCloses = await listenForUserCloses(redis, sync, log);
  const ledgerJobs = startLedger(ctx);
  const drawJobs = startDrawScheduler(ctx);
  const coverage = await startCoverage(ctx, live);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info('server.listening', { port, instance: config.instanceId });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ctx,
    demoAccounts,
    async close() {
      coverage.stop();
      daily.cron.stop();
      drawJobs.stop();
      await ledgerJobs.stop();
      await sync.close();
      await userCloses.close();
      server.closeAllConnections();
      await live.close(); // closes the HTTP server too
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      await rooms.closeAll();
      await follower.stop();
      await awarenessRelay.close();
      await Promise.all([redis.close(), followerRedis.close(), awarenessSub.close(), ctx.basemap?.close()].map((p) => p?.catch(() => undefined)));
    },
  };
}
