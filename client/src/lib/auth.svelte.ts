/**
 * Who is logged in. `/api/auth/me` decides; with no network the last user cached on this device
 * stands in (the session cookie still authenticates the sync socket when the network returns).
 */
import type { PublicUser } from '../../../shared/roles';
import { api, ApiRequestError, isUnauthorized, NetworkError } from './api';
import { offlineCache } from './offlineCache';
import { forgetPhotoCache } from './field/photoCache';

export type LoginResult = { ok: true } | { ok: false; reason: 'bad_credentials' | 'rate_limited' | 'network' | 'other'; message: string };

class Auth {
  user = $state.raw<PublicUser | null>(null);
  /** True once `/api/auth/me` (or its offline fallback) has answered. */
  checked = $state(false);
  /** The user comes from the device cache because the server could not be reached. */
  fromCache = $state(false);

  async check(): Promise<void> {
    try {
      const { user } = await api.me();
      this.#set(user, false);
    } catch (err) {
      if (err instanceof NetworkError) {
        const cached = offlineCache.user();
        this.user = cached;
        this.fromCache = cached !== null;
      } else {
        if (!isUnauthorized(err)) console.warn('auth: /me failed', err);
        this.#forget();
      }
    } finally {
      this.checked = true;
    }
  }

  async login(username: string, password: string): Promise<LoginResult> {
    try {
      const { user } = await api.login({ username, password });
      this.#set(user, false);
      return { ok: true };
    } catch (err) {
      if (err instanceof NetworkError) return { ok: false, reason: 'network', message: err.message };
      if (err instanceof ApiRequestError) {
        if (err.status === 401) return { ok: false, reason: 'bad_credentials', message: err.message };
        if (err.status === 429) return { ok: false, reason: 'rate_limited', message: err.message };
        return { ok: false, reason: 'other', message: err.message };
      }
      throw err;
    }
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } catch (err) {
      // Offline or already expired: the device forgets the user anyway; the cookie expires server-side.
      console.warn('auth: logout request failed', err);
    }
    this.#forget();
  }

  /** A request or the sync socket said the session is gone. */
  expired(): void {
    this.#forget();
  }

  #set(user: PublicUser, fromCache: boolean): void {
    this.user = user;
    this.fromCache = fromCache;
    offlineCache.setUser(user);
  }

  #forget(): void {
    this.user = null;
    this.fromCache = false;
    offlineCache.clear();
    void forgetPhotoCache();
  }
}

export const auth = new Auth();
