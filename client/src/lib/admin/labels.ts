/** Display text for registry values and rule problems on the admin pages, in the current language. */
import type { VersionView } from '../../../../shared/adminApi';
import { EDGE_KIND_LABELS, type EdgeKind, type Household, type HouseholdStatus } from '../../../../shared/registry';
import type { Label } from '../../../../shared/labels';
import { ruleMessage } from '../../../../shared/registryMessages';
import type { Params, RuleCode } from '../../../../shared/registryRules';
import { i18n } from '../i18n.svelte';
import type { FieldProblem } from './adminApi';
import { ta } from './i18n';

const STATUS_SHORT: Record<HouseholdStatus, Label> = {
  registered_poor: { zh: '贫困户(未脱贫)', en: 'Registered poor' },
  exited: { zh: '脱贫户', en: 'Exited' },
  edge: { zh: '边缘户', en: 'Edge' },
  ordinary: { zh: '一般农户', en: 'Ordinary' },
};

export const statusLabel = (s: HouseholdStatus): string => i18n.label(STATUS_SHORT[s]);
export const edgeKindLabel = (k: EdgeKind): string => i18n.label(EDGE_KIND_LABELS[k]);

/** "脱贫户 2018" / "边缘户:低保户、危房户" — the status with what qualifies it. */
export function statusDetail(h: Pick<Household, 'status' | 'exitYear' | 'edgeKinds'>): string {
  if (h.status === 'exited' && h.exitYear) return `${statusLabel(h.status)} ${h.exitYear}`;
  if (h.status === 'edge' && h.edgeKinds.length > 0) return `${statusLabel(h.status)}:${h.edgeKinds.map(edgeKindLabel).join('、')}`;
  return statusLabel(h.status);
}

export const ruleText = (code: RuleCode, params?: Params): string => ruleMessage(code, params ?? {}, i18n.lang);

/** The server's rule problems as texts under the form field each names. */
export function problemsByField(problems: readonly FieldProblem[]): Record<string, string[]> {
  const by: Record<string, string[]> = {};
  for (const p of problems) (by[p.field] ??= []).push(ruleText(p.code, p.params));
  return by;
}

export const num = (n: number): string => n.toLocaleString(i18n.locale);

export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export const sourceLabel = (s: VersionView['source']): string => ta(`source.${s}`);

export function countsText(c: { households: number; villages: number; contacts: number }): string {
  return ta('imp.countsShort', { households: num(c.households), villages: num(c.villages), contacts: num(c.contacts) });
}
