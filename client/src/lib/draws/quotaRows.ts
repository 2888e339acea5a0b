/**
 * A group's draw as five quota lines (environment counts villages and households apart, as the
 * quotas do), each with what was drawn and the shortfall if the pool was too small. Pure.
 */
import { QUOTA_KEYS, type DrawnTarget, type GroupDraw, type QuotaKey, type Shortfall } from '../../../../shared/draw/types';
import type { CheckKind } from '../../../../shared/checkKinds';

export interface QuotaRow {
  key: QuotaKey;
  kind: CheckKind;
  drawn: number;
  quota: number;
  shortfall: Shortfall | null;
  targets: DrawnTarget[];
}

export function quotaKeyOf(t: DrawnTarget): QuotaKey {
  if (t.kind !== 'environment') return t.kind;
  return t.refKind === 'village' ? 'environment_villages' : 'environment_households';
}

export function quotaRows(g: GroupDraw): QuotaRow[] {
  return QUOTA_KEYS.map((key) => {
    const targets = g.targets.filter((t) => quotaKeyOf(t) === key);
    const kind: CheckKind = key === 'environment_villages' || key === 'environment_households' ? 'environment' : key;
    return { key, kind, drawn: targets.length, quota: g.quotas[key], shortfall: g.shortfalls.find((s) => s.kind === key) ?? null, targets };
  });
}
