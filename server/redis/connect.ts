import { createClient, RESP_TYPES } from 'redis';
import type { Logger } from '../logger';

function makeClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 5), 2000), connectTimeout: 5000 },
  });
}

export type Redis = ReturnType<typeof makeClient>;

/**
 * One client for commands. `disableOfflineQueue`: while Redis is down, commands fail at once
 * (the API answers 503, sync connections are closed and resync later) instead of piling up.
 */
export async function connectRedis(url: string, log: Logger, name = 'main'): Promise<Redis> {
  const client = makeClient(url);
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) log.warn('redis.error', { client: name, err });
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info('redis.ready', { client: name });
    down = false;
  });
  await client.connect();
  return client;
}

/** Same connection settings, but bulk strings come back as Buffers (Yjs updates are binary). */
export function binary(client: Redis) {
  return client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
}

export type BinaryRedis = ReturnType<typeof binary>;

export function isRedisDown(client: Redis): boolean {
  return !client.isReady;
}
