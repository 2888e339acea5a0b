/** Words for a member's position on the command centre: how old it is and where it came from. */
import { minutesAgo, type PositionSource } from '../../../../shared/coverage/positions';
import { t } from '../i18n.svelte';
import { formatTime } from '../labels';

/** "刚刚", "5 分钟前" within the hour, then the clock time (an hour-old position needs its time, not a count). */
export function agoLabel(at: string, now: number): string {
  const n = minutesAgo(at, now);
  if (n < 1) return t('cmd.pos.justNow');
  if (n < 60) return t('cmd.pos.minutes', { n });
  return formatTime(at);
}

export function sourceLabel(source: PositionSource): string {
  return source === 'report' ? t('cmd.pos.report') : t('cmd.pos.check');
}
