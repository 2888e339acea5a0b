/** Colours the map and the panels share: one per coverage state, one tint per inspection group. */
import { StateCode, type StateCodeValue } from '../../../../shared/coverage/types';

export const STATE_COLORS: Record<Exclude<StateCodeValue, 0>, string> = {
  [StateCode.drawn]: '#2f6bd6',
  [StateCode.active]: '#e39a0b',
  [StateCode.checked]: '#17924f',
  [StateCode.finding]: '#d42a2a',
};

/** Households not on today's lists: present, but quiet. */
export const BASE_DOT = '#8b95a2';
export const BASE_DOT_FADED = 'rgba(139, 149, 162, 0.5)';

/** Soft, distinguishable tints for township areas (a group's townships share one). */
const GROUP_TINTS = ['#e6eefb', '#e7f4ea', '#fbeedd', '#f0e8f8', '#e2f3f5', '#f8e6ea', '#eef0d9', '#e9ebee'] as const;
/** The same hues, strong enough for text and bars. */
const GROUP_INKS = ['#2d5fb3', '#2e7d45', '#b3641b', '#7a49a8', '#1f7f8a', '#b03a58', '#6f7a1f', '#56606d'] as const;

/** Group ids in a stable order (g1, g2, …, g10), so a group keeps its colour everywhere. */
export function groupOrder(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export function groupTint(order: readonly string[], groupId: string | null): string {
  const i = groupId ? order.indexOf(groupId) : -1;
  return i < 0 ? GROUP_TINTS[GROUP_TINTS.length - 1]! : GROUP_TINTS[i % GROUP_TINTS.length]!;
}

export function groupInk(order: readonly string[], groupId: string): string {
  const i = order.indexOf(groupId);
  return i < 0 ? GROUP_INKS[GROUP_INKS.length - 1]! : GROUP_INKS[i % GROUP_INKS.length]!;
}
