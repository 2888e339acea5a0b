/** Display labels for the shared code names, in the current language (reactive via i18n). */
import { FINDING_CATEGORY_LABELS, SEVERITY_LABELS, type FindingCategory, type Severity } from '../../../shared/categories';
import { CHECK_KIND_LABELS, type CheckKind, type TargetRefKind } from '../../../shared/checkKinds';
import { ROLE_LABELS, type Role } from '../../../shared/roles';
import { i18n, t } from './i18n.svelte';

/** Short kind name (帮扶走访) for chips and lists; `full` gives the seed's wording. */
export function kindLabel(kind: CheckKind, form: 'short' | 'full' = 'short'): string {
  const l = CHECK_KIND_LABELS[kind];
  if (i18n.lang === 'en') return l.en;
  return form === 'short' ? l.short : l.zh;
}

export const categoryLabel = (c: FindingCategory): string => i18n.label(FINDING_CATEGORY_LABELS[c]);
export const severityLabel = (s: Severity): string => i18n.label(SEVERITY_LABELS[s]);
export const roleLabel = (r: Role): string => i18n.label(ROLE_LABELS[r]);

export function refKindLabel(k: TargetRefKind): string {
  switch (k) {
    case 'household':
      return t('ref.household');
    case 'village':
      return t('ref.village');
    case 'issue':
      return t('ref.issue');
  }
}

/** "14:05" today, "11-21 14:05" on another day; in the user's language. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === new Date().toDateString();
  return new Intl.DateTimeFormat(i18n.locale, {
    ...(sameDay ? {} : { month: '2-digit', day: '2-digit' }),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** A YYYY-MM-DD day as "2026年11月22日 星期日" / "Sun 22 Nov 2026". */
export function formatDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(i18n.locale, {
    year: 'numeric',
    month: i18n.lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
    timeZone: 'UTC',
  }).format(d);
}
