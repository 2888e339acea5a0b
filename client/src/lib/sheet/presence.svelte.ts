/**
 * Awareness: who is on the sheet and which target each has open. Our own state carries
 * `user: {id, name, role, color}` and `targetId` (the open target or null).
 */
import type { Awareness } from 'y-protocols/awareness';
import type { PublicUser, Role } from '../../../../shared/roles';
import { userColor } from '../colors';

export interface PresenceUser {
  id: string;
  name: string;
  role: Role;
  color: string;
}

export interface Peer extends PresenceUser {
  clientId: number;
  targetId: string | null;
}

function asPeer(clientId: number, state: Record<string, unknown>): Peer | null {
  const u = state.user as Partial<PresenceUser> | undefined;
  if (!u || typeof u.id !== 'string' || typeof u.name !== 'string') return null;
  return {
    clientId,
    id: u.id,
    name: u.name,
    role: (u.role ?? 'inspector') as Role,
    color: typeof u.color === 'string' ? u.color : userColor(u.id),
    targetId: typeof state.targetId === 'string' ? state.targetId : null,
  };
}

export class Presence {
  /** Everyone else on the sheet (other browsers, including this user's other devices). */
  peers = $state.raw<Peer[]>([]);

  /** Peers by open target id (rebuilt whenever awareness changes). */
  byTarget: Readonly<Record<string, Peer[]>> = $derived.by(() => {
    const out: Record<string, Peer[]> = {};
    for (const p of this.peers) if (p.targetId) (out[p.targetId] ??= []).push(p);
    return out;
  });

  constructor(
    private readonly awareness: Awareness,
    me: PublicUser,
  ) {
    awareness.setLocalStateField('user', { id: me.id, name: me.name, role: me.role, color: userColor(me.id) } satisfies PresenceUser);
    awareness.setLocalStateField('targetId', null);
    awareness.on('change', this.#read);
    this.#read();
  }

  setTarget(targetId: string | null): void {
    if (this.awareness.getLocalState()?.targetId === targetId) return;
    this.awareness.setLocalStateField('targetId', targetId);
  }

  #read = (): void => {
    const self = this.awareness.clientID;
    const out: Peer[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === self) return;
      const p = asPeer(clientId, state);
      if (p) out.push(p);
    });
    out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.clientId - b.clientId);
    this.peers = out;
  };

  destroy(): void {
    this.awareness.off('change', this.#read);
    // Tell the others we left this sheet before the provider goes away.
    this.awareness.setLocalState(null);
  }
}
