/** Reads a registry stored in the first layout (one JSON value per part), for migration only. */
import type { Registry } from '../../shared/registry';
import type { Redis } from '../redis/connect';
import { keys } from '../redis/keys';
import { PARTS } from './codec';

export async function readLegacy(redis: Redis): Promise<Registry | null> {
  const meta = await redis.get(keys.registryMeta);
  if (!meta) return null;
  const raws = await redis.mGet(PARTS.map((p) => keys.registry(p)));
  if (raws.some((r) => r === null)) return null;
  return Object.fromEntries(PARTS.map((p, i) => [p, JSON.parse(raws[i]!)])) as unknown as Registry;
}
