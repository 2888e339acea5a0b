/** A group's member list for the members panel: from the API, or the device cache offline. */
import { api, isUnauthorized, NetworkError, type GroupInfo } from './api';
import { offlineCache } from './offlineCache';

export async function loadGroup(groupId: string, signal?: AbortSignal): Promise<GroupInfo | null> {
  try {
    const g = await api.group(groupId, signal);
    offlineCache.setGroup(g);
    return g;
  } catch (err) {
    if (signal?.aborted) return null;
    if (!(err instanceof NetworkError) && !isUnauthorized(err)) console.warn('group: could not load members', groupId, err);
    return offlineCache.group(groupId);
  }
}
