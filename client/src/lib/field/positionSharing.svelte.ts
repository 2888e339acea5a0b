/**
 * Position sharing (issue 6, SPEC MP2): while the app is open, an inspector's or leader's phone
 * reports where it is over socket.io, for the command centre and the group's leader.
 *
 * Never prompts: it starts only once geolocation is already granted (the check flow asks for it),
 * seen through the Permissions API or a fix the check flow obtained. Battery first: a low-accuracy
 * `watchPosition` with a cached `maximumAge`, and a fix sent at most once a minute, sooner only
 * after a move of more than 100 m (`reportDelay`). Offline, only the latest fix is kept and sent
 * on reconnect with its own time. The user can stop it for the rest of the day.
 */
import type { Socket } from 'socket.io-client';
import { POSITION_REPORT, REPORT_EVERY_MS, reportDelay, type Fix, type PositionAck } from '../../../../shared/coverage/positions';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../shared/liveEvents';
import type { PublicUser } from '../../../../shared/roles';
import { clientToday } from '../days';
import { onCheckFix } from '../geo';

export type SharingState = 'off' | 'sharing' | 'stopped';

const STOPPED_KEY = 'suicha.positionStopped';
const ACK_TIMEOUT_MS = 10_000;
const WATCH_OPTIONS: PositionOptions = { enableHighAccuracy: false, maximumAge: 30_000, timeout: 60_000 };
/** A stationary phone's watch may stay silent: ask once a minute, happy with a fix up to a minute old. */
const POLL_OPTIONS: PositionOptions = { enableHighAccuracy: false, maximumAge: REPORT_EVERY_MS, timeout: 30_000 };

const isFieldRole = (u: PublicUser) => (u.role === 'inspector' || u.role === 'leader') && !!u.groupId;

function stoppedFor(userId: string): string | null {
  try {
    const v = JSON.parse(localStorage.getItem(STOPPED_KEY) ?? 'null') as { userId?: string; day?: string } | null;
    return v?.userId === userId && typeof v.day === 'string' ? v.day : null;
  } catch {
    return null;
  }
}

class PositionSharing {
  state = $state<SharingState>('off');
  /** When the server last took a fix (ms), and whether one waits for the connection. */
  lastSentAt = $state<number | null>(null);
  waiting = $state(false);

  private user: PublicUser | null = null;
  private watchId: number | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private permission: PermissionStatus | null = null;
  private latest: Fix | null = null;
  private lastSent: (Fix & { sentAt: number }) | null = null;
  private inFlight = false;
  private offCheckFix: (() => void) | null = null;

  /** The app shell calls this with the logged-in user (null on logout). */
  setUser(user: PublicUser | null): void {
    if (user?.id === this.user?.id) return;
    this.teardown();
    if (this.permission) this.permission.onchange = null;
    this.permission = null;
    this.offCheckFix?.();
    this.offCheckFix = null;
    this.user = user && isFieldRole(user) ? user : null;
    this.state = 'off';
    if (!this.user || typeof navigator === 'undefined' || !('geolocation' in navigator)) return;
    if (stoppedFor(this.user.id) === clientToday()) return this.stopped();
    // A fix from "mark checked" proves the permission (where the Permissions API is missing) and is news.
    this.offCheckFix = onCheckFix((fix) => {
      if (this.state === 'off') this.begin();
      if (this.state === 'sharing') this.onFix(fix);
    });
    void this.watchPermission();
  }

  /** "Stop for today": nothing more is sent until tomorrow (or until resumed). */
  stopForToday(): void {
    if (!this.user) return;
    try {
      localStorage.setItem(STOPPED_KEY, JSON.stringify({ userId: this.user.id, day: clientToday() }));
    } catch {
      // Storage blocked: stopped for this page's life only.
    }
    this.stopped();
  }

  /** Stopped until the county's next day: an app left open overnight shares again in the morning. */
  private stopped(): void {
    this.teardown();
    this.state = 'stopped';
    const day = clientToday();
    this.poll = setInterval(() => {
      if (clientToday() !== day) this.resume();
    }, 5 * 60_000);
  }

  resume(): void {
    try {
      localStorage.removeItem(STOPPED_KEY);
    } catch {
      // nothing stored
    }
    const user = this.user;
    this.user = null;
    this.setUser(user);
  }

  private async watchPermission(): Promise<void> {
    const user = this.user;
    let status: PermissionStatus;
    try {
      status = await navigator.permissions.query({ name: 'geolocation' });
    } catch {
      return; // no Permissions API: wait for the check flow's fix
    }
    if (this.user !== user) return;
    this.permission = status;
    const follow = () => {
      if (this.user !== user || this.state === 'stopped') return;
      if (status.state === 'granted') this.begin();
      else this.teardown();
    };
    status.onchange = follow;
    follow();
  }

  private begin(): void {
    if (this.state === 'sharing' || !this.user) return;
    this.state = 'sharing';
    this.watchId = navigator.geolocation.watchPosition(
      (pos) => this.onPosition(pos),
      (err) => {
        if (err.code === err.PERMISSION_DENIED) this.teardown();
      },
      WATCH_OPTIONS,
    );
    this.poll = setInterval(() => this.tick(), REPORT_EVERY_MS);
    void this.connect();
  }

  private tick(): void {
    if (document.hidden) return;
    const quietFor = Date.now() - (this.latest?.at ?? 0);
    if (quietFor >= REPORT_EVERY_MS) navigator.geolocation.getCurrentPosition((pos) => this.onPosition(pos), () => undefined, POLL_OPTIONS);
  }

  private onPosition(pos: GeolocationPosition): void {
    this.onFix({
      lng: Math.round(pos.coords.longitude * 1e6) / 1e6,
      lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
      accuracy: Math.round(pos.coords.accuracy),
      at: pos.timestamp || Date.now(),
    });
  }

  private onFix(fix: Fix): void {
    if (this.state !== 'sharing' || (this.latest && fix.at <= this.latest.at)) return;
    this.latest = fix;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const fix = this.latest;
    if (!fix || this.inFlight) return;
    const delay = reportDelay(this.lastSent, fix, Date.now());
    if (delay === null) return;
    if (delay > 0) {
      this.timer = setTimeout(() => this.schedule(), delay);
      return;
    }
    this.send(fix);
  }

  private send(fix: Fix): void {
    const socket = this.socket;
    if (!socket?.connected) {
      this.waiting = true; // sent from `welcome` on (re)connect, with its own time
      return;
    }
    this.inFlight = true;
    const report = { lng: fix.lng, lat: fix.lat, at: new Date(fix.at).toISOString(), ...(fix.accuracy !== undefined ? { accuracy: fix.accuracy } : {}) };
    socket.timeout(ACK_TIMEOUT_MS).emit(POSITION_REPORT, report, (err: Error | null, ack?: PositionAck) => {
      this.inFlight = false;
      if (this.socket !== socket) return;
      if (err || !ack) {
        this.waiting = true; // no answer: the connection is probably gone; `welcome` resends
        return;
      }
      if (ack.ok || ack.error === 'invalid') {
        // A refused fix is not retried (the next one may pass); a stored or older one is done.
        this.lastSent = { ...fix, sentAt: Date.now() };
        this.waiting = false;
        if (ack.ok) this.lastSentAt = Date.now();
        else console.warn('position refused', ack.message);
        return this.schedule();
      }
      if (ack.error === 'rate_limited') {
        this.timer = setTimeout(() => this.schedule(), ack.retryAfterMs ?? REPORT_EVERY_MS);
        return;
      }
      if (ack.error === 'forbidden') return this.teardown();
      this.timer = setTimeout(() => this.schedule(), REPORT_EVERY_MS); // unavailable: storage down
    });
  }

  private async connect(): Promise<void> {
    const { io } = await import('socket.io-client');
    if (this.state !== 'sharing' || this.socket) return;
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io({ path: '/socket.io', withCredentials: true });
    this.socket = s;
    s.on('welcome', () => {
      if (this.waiting) this.schedule();
    });
    s.on('disconnect', (reason) => {
      // socket.io retries by itself after a network drop, not after the server closed the socket.
      if (reason === 'io server disconnect') setTimeout(() => this.socket === s && s.connect(), 5_000);
    });
    s.on('connect_error', (err) => {
      // A refused handshake is not retried by socket.io: retry while the server is down, not when logged out.
      if (err.message !== 'unauthorized') setTimeout(() => this.socket === s && !s.connected && s.connect(), 10_000);
    });
  }

  private teardown(): void {
    if (this.watchId !== null) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.removeAllListeners();
    this.socket?.close();
    this.socket = null;
    this.inFlight = false;
    this.waiting = false;
    this.latest = null;
    this.lastSent = null;
    if (this.state === 'sharing') this.state = 'off';
  }
}

export const positionSharing = new PositionSharing();
