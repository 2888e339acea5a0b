/**
 * Turns a pick into a sheet target (`TargetInit` + rank), with the reason it was eligible in
 * the inspectors' own words. The reason ends with the rank's first digits so anyone reading the
 * sheet can match it against a recomputation (`rankOf`).
 */
import type { CheckKind } from '../checkKinds';
import { EDGE_KINDS, EDGE_KIND_LABELS, type FeedbackIssue, type Household, type PairingContact, type Township, type Village } from '../registry';
import { targetId } from '../sheet';
import type { AwaitingRevisit, DrawnTarget } from './types';

const LABEL_MAX = 30;
const RANK_SHOWN = 8;

export interface Places {
  township(id: string): Township | undefined;
  village(id: string): Village | undefined;
  household(id: string): Household | undefined;
  contact(id: string): PairingContact | undefined;
}

const rankNote = (rank: string) => `排序值 0x${rank.slice(0, RANK_SHOWN)}…`;

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function placeOf(v: Village, places: Places): string {
  const t = places.township(v.townshipId);
  return t ? `${t.name} · ${v.name}` : v.name;
}

export function householdStatus(h: Household): string {
  switch (h.status) {
    case 'registered_poor':
      return '贫困户(未脱贫)';
    case 'exited':
      return h.exitYear ? `贫困户(已脱贫${h.exitYear}年)` : '贫困户(已脱贫)';
    case 'edge': {
      // EDGE_KINDS order, not the registry's, so a shuffled registry reads the same.
      const kinds = EDGE_KINDS.filter((k) => h.edgeKinds.includes(k)).map((k) => EDGE_KIND_LABELS[k].zh);
      return kinds.length > 0 ? `边缘户:${kinds.join('、')}` : '边缘户';
    }
    case 'ordinary':
      return '一般农户';
  }
}

export function householdTarget(kind: CheckKind, h: Household, v: Village, rank: string, why: string, places: Places): DrawnTarget {
  return {
    id: targetId(kind, h.id),
    kind,
    refKind: 'household',
    refId: h.id,
    label: `${h.head}户`,
    place: placeOf(v, places),
    townshipId: v.townshipId,
    villageId: v.id,
    ...(h.location ? { registered: h.location } : {}),
    reason: `${why} · ${rankNote(rank)}`,
    rank,
  };
}

export function pairingReason(h: Household, places: Places): string {
  const c = h.pairingContactId ? places.contact(h.pairingContactId) : undefined;
  return c ? `有结对帮扶联系人:${c.name}(${c.workUnit})` : '有结对帮扶联系人';
}

export function screeningReason(h: Household): string {
  return h.status === 'edge' ? `${householdStatus(h)}(边缘户优先)` : `${householdStatus(h)}(边缘户之后补足)`;
}

export function environmentHouseholdReason(h: Household, v: Village): string {
  return `${householdStatus(h)} · 位于抽中村 ${v.name}`;
}

export function villageTarget(v: Village, rank: string, places: Places): DrawnTarget {
  return {
    id: targetId('environment', v.id),
    kind: 'environment',
    refKind: 'village',
    refId: v.id,
    label: v.name,
    place: placeOf(v, places),
    townshipId: v.townshipId,
    villageId: v.id,
    registered: v.location,
    reason: `${v.poorVillage ? '人居环境抽查村(贫困村)' : '人居环境抽查村'} · ${rankNote(rank)}`,
    rank,
  };
}

function whereIs(v: Village, householdId: string | undefined, places: Places) {
  return (householdId && places.household(householdId)?.location) || v.location;
}

export function issueTarget(i: FeedbackIssue, v: Village, rank: string, places: Places): DrawnTarget {
  return {
    id: targetId('rectification', i.id),
    kind: 'rectification',
    refKind: 'issue',
    refId: i.id,
    label: truncate(i.description, LABEL_MAX),
    place: placeOf(v, places),
    townshipId: v.townshipId,
    villageId: v.id,
    registered: whereIs(v, i.householdId, places),
    reason: `反馈问题已标记整改,待实地核实(${i.source}) · ${rankNote(rank)}`,
    rank,
  };
}

/**
 * A problem awaiting its re-visit. The sheet has no 'problem' ref kind yet, so it rides as an
 * 'issue' whose refId is the problem id (ids are checked not to collide with issue ids).
 */
export function problemTarget(p: AwaitingRevisit, v: Village, rank: string, places: Places): DrawnTarget {
  return {
    id: targetId('rectification', p.problemId),
    kind: 'rectification',
    refKind: 'issue',
    refId: p.problemId,
    label: truncate(p.label, LABEL_MAX),
    place: placeOf(v, places),
    townshipId: v.townshipId,
    villageId: v.id,
    registered: whereIs(v, p.householdId, places),
    reason: `问题已报整改,待回访销号 · ${rankNote(rank)}`,
    rank,
  };
}
