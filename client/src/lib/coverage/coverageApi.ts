/** The command centre's HTTP calls (server/coverage/routes.ts). */
import type { CoverageGeo, CoverageSnapshot, MapConfig, TargetDetail } from '../../../../shared/coverage/types';
import { request } from '../api';

export const coverageApi = {
  config: (signal?: AbortSignal) => request<MapConfig>('GET', '/api/map/config', undefined, signal),
  geo: (signal?: AbortSignal) => request<CoverageGeo>('GET', '/api/coverage/geo', undefined, signal),
  /** A past (or today's) day, for replay. */
  day: (date: string, signal?: AbortSignal) => request<CoverageSnapshot>('GET', `/api/coverage?date=${encodeURIComponent(date)}`, undefined, signal),
  target: (q: { date: string; groupId: string; targetId: string }, signal?: AbortSignal) =>
    request<TargetDetail>('GET', `/api/coverage/target?${new URLSearchParams(q).toString()}`, undefined, signal),
};
