/**
 * Each member's work today: checked targets (from `checkedBy`), how many of those checks carry a
 * proof-of-presence flag (too far, or no position), and whether they are here now.
 */
import { presenceFlag } from '../../../../shared/field/presence';
import type { PublicUser, Role } from '../../../../shared/roles';
import type { TargetView } from '../../../../shared/sheet';
import type { Peer } from './presence.svelte';

export interface MemberRow {
  id: string;
  name: string;
  role: Role | null;
  checked: number;
  /** Checks flagged by proof of presence. */
  flagged: number;
  online: boolean;
  /** The target the member has open, if any. */
  targetId: string | null;
}

export function memberRows(members: PublicUser[], targets: TargetView[], peers: Peer[], presenceMaxMeters?: number): MemberRow[] {
  const rows = new Map<string, MemberRow>();
  for (const m of members) rows.set(m.id, { id: m.id, name: m.name, role: m.role, checked: 0, flagged: 0, online: false, targetId: null });
  for (const t of targets) {
    if (!t.checkedBy || !t.checkedAt) continue;
    let row = rows.get(t.checkedBy);
    if (!row) {
      row = { id: t.checkedBy, name: t.checkedByName ?? t.checkedBy, role: null, checked: 0, flagged: 0, online: false, targetId: null };
      rows.set(row.id, row);
    }
    row.checked++;
    if (presenceFlag(t, presenceMaxMeters).flagged) row.flagged++;
  }
  for (const p of peers) {
    const row = rows.get(p.id);
    if (!row) continue; // visitors (command centre, county office) are not members
    row.online = true;
    row.targetId ??= p.targetId;
  }
  const rank = (r: MemberRow) => (r.role === 'leader' ? 0 : 1);
  return [...rows.values()].sort((a, b) => rank(a) - rank(b) || b.checked - a.checked || a.name.localeCompare(b.name, 'zh-CN'));
}
