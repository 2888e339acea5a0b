/** socket.io feeds: authenticated like the API, each socket only in the rooms its role may see. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { RunningServer } from '../server/server';
import { startTestRedis, type TestRedis } from './helpers/redis';
import { login, startTestServer } from './helpers/server';

let redis: TestRedis;
let server: RunningServer;
const sockets: Socket[] = [];

function open(token?: string): Socket {
  const s = connect(server.url, { transports: ['websocket'], auth: token ? { token } : {}, reconnection: false });
  sockets.push(s);
  return s;
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server.close();
  await redis.cleanup();
});

describe('live feeds over socket.io', () => {
  it('refuses a socket without a valid session', async () => {
    const s = open('not-a-valid-token-xxxxxxxxxxxxxxxxxxx');
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve));
    expect(err.message).toBe('unauthorized');
  });

  it.each([
    ['command', ['county']],
    ['admin', ['county']],
    ['leader2', ['group:g2']],
    ['inspector3b', ['group:g3']],
    ['unit1', ['unit:u1']],
  ])('puts %s only in %j', async (user, rooms) => {
    const { token } = await login(server.url, user);
    const s = open(token);
    const welcome = await new Promise<{ rooms: string[] }>((resolve) => s.on('welcome', resolve));
    expect(welcome.rooms).toEqual(rooms);
  });

  it('answers a resync for an unknown feed with false', async () => {
    const { token } = await login(server.url, 'command');
    const s = open(token);
    await new Promise((resolve) => s.on('welcome', resolve));
    const ok = await new Promise<boolean>((resolve) => s.emit('resync', 'nope', resolve));
    expect(ok).toBe(false);
  });
});
