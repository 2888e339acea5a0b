/** What route handlers get: repositories and services, passed in (no globals). */
import type { Config } from '../config';
import type { Authenticator } from '../auth/authenticate';
import type { SessionStore } from '../auth/sessions';
import type { UserRepo } from '../auth/users';
import type { Logger } from '../logger';
import type { Redis } from '../redis/connect';
import type { RegistryRepo } from '../registry/repo';
import type { SheetRepo } from '../sheets/repo';
import type { RoomManager } from '../sync/rooms';
import type { SyncServer } from '../sync/wsServer';
import type { LiveServer } from '../live/io';
import type { Metrics } from '../metrics';
import type { BlobOwners } from '../blobs/blobOwners';
import type { BlobStore } from '../blobs/blobStore';
import type { BasemapArchive } from '../basemap/archive';

export interface AppContext {
  config: Config;
  log: Logger;
  redis: Redis;
  auth: Authenticator;
  sessions: SessionStore;
  users: UserRepo;
  registry: RegistryRepo;
  sheets: SheetRepo;
  rooms: RoomManager;
  metrics?: Metrics;
  /** Photo bytes by content hash, and which sheets each photo belongs to. */
  blobs: BlobStore;
  blobOwners: BlobOwners;
  /** Set once the HTTP server exists; used to close a user's sockets. */
  sync?: SyncServer;
  /** socket.io feeds (rooms per county, group, unit). */
  live?: LiveServer;
  /** The admin's PMTiles basemap (`BASEMAP_PMTILES`), when it could be opened. */
  basemap?: BasemapArchive | null;
}
