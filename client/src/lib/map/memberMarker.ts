/**
 * A member's position as an HTML marker: a pin with their initials in their group's colour —
 * filled for a position they reported, white with a coloured ring for where their last check was.
 * Plain DOM (the engine owns the element), text set with textContent (names are user data).
 */
import type { PositionSource } from '../../../../shared/coverage/positions';
import { initials } from '../colors';

export function memberMarker(m: { userId: string; name: string; color: string; source: PositionSource }): HTMLElement {
  const { name, color, source } = m;
  const el = document.createElement('div');
  el.className = 'member-pin';
  el.dataset.testid = 'member-marker';
  el.dataset.user = m.userId;
  el.dataset.source = source;
  el.style.cssText = 'display:flex;flex-direction:column;align-items:center;pointer-events:auto;cursor:default;transition:opacity .3s;';
  const head = document.createElement('span');
  head.textContent = initials(name);
  const [bg, fg, ring] = source === 'report' ? [color, '#fff', '#fff'] : ['#fff', color, color];
  head.style.cssText = `display:flex;align-items:center;justify-content:center;box-sizing:border-box;width:28px;height:28px;border:2px solid ${ring};border-radius:50%;background:${bg};color:${fg};font:600 11px/1 system-ui,'Noto Sans CJK SC',sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.35);`;
  const tip = document.createElement('span');
  tip.style.cssText = `width:0;height:0;border-left:5px solid transparent;border-right:5px solid transparent;border-top:7px solid ${color};margin-top:-1px;`;
  el.append(head, tip);
  return el;
}

/** What changes with time on an existing pin: its tooltip, and fading once the position is old. */
export function updateMemberMarker(el: HTMLElement, title: string, stale: boolean): void {
  el.title = title;
  el.dataset.stale = String(stale);
  el.style.opacity = stale ? '0.45' : '1';
  el.style.filter = stale ? 'grayscale(0.6)' : '';
}
