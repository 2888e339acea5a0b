/**
 * The HTTP API, same origin, cookie session. Every failure is one of two typed errors:
 * `ApiRequestError` (the server answered with an error status) or `NetworkError` (no answer).
 */
import type { ApiError, LoginRequest, LoginResponse, SheetInfo } from '../../../shared/api';
import type { PublicUser } from '../../../shared/roles';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The error body's other fields (a 409's allowed transitions, undecided findings, …). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : 'network error', { cause });
    this.name = 'NetworkError';
  }
}

/** `GET /api/groups/:id` — the group and its members (for the leader's members panel). */
export interface GroupInfo {
  id: string;
  name: string;
  townships: { id: string; name: string }[];
  members: PublicUser[];
}

function isApiError(x: unknown): x is ApiError & Record<string, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as ApiError).error === 'string' && typeof (x as ApiError).message === 'string';
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new NetworkError(err);
  }
  if (res.status === 204) return undefined as T;
  // An empty or non-JSON body (a proxy's error page) is handled by the status below.
  const payload: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    if (isApiError(payload)) {
      const { error, message, field, ...details } = payload;
      throw new ApiRequestError(res.status, error, message, typeof field === 'string' ? field : undefined, details);
    }
    // A gateway error means the server is unreachable, just like no network.
    if (res.status === 502 || res.status === 503 || res.status === 504) throw new NetworkError(new Error(`HTTP ${res.status}`));
    throw new ApiRequestError(res.status, 'http_error', `HTTP ${res.status}`);
  }
  return payload as T;
}

export const api = {
  login: (body: LoginRequest) => request<LoginResponse>('POST', '/api/auth/login', body),
  me: (signal?: AbortSignal) => request<{ user: PublicUser }>('GET', '/api/auth/me', undefined, signal),
  logout: () => request<void>('POST', '/api/auth/logout'),
  /** Without a date the server picks today in the county's zone. */
  sheets: (date: string | null, signal?: AbortSignal) =>
    request<SheetInfo[]>('GET', date ? `/api/sheets?date=${encodeURIComponent(date)}` : '/api/sheets', undefined, signal),
  group: (groupId: string, signal?: AbortSignal) => request<GroupInfo>('GET', `/api/groups/${encodeURIComponent(groupId)}`, undefined, signal),
};

export const isUnauthorized = (err: unknown): boolean => err instanceof ApiRequestError && err.status === 401;
