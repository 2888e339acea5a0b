/**
 * A member's last position as an HTML marker: a pin with their initials in their group's colour.
 * Plain DOM (the engine owns the element), text set with textContent (names are user data).
 */
import { initials } from '../colors';

export function memberMarker(name: string, color: string, title: string): HTMLElement {
  const el = document.createElement('div');
  el.className = 'member-pin';
  el.title = title;
  el.dataset.testid = 'member-marker';
  el.style.cssText = 'display:flex;flex-direction:column;align-items:center;pointer-events:auto;cursor:default;';
  const head = document.createElement('span');
  head.textContent = initials(name);
  head.style.cssText = `display:flex;align-items:center;justify-content:center;width:28px;height:28px;border:2px solid #fff;border-radius:50%;background:${color};color:#fff;font:600 11px/1 system-ui,'Noto Sans CJK SC',sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.35);`;
  const tip = document.createElement('span');
  tip.style.cssText = `width:0;height:0;border-left:5px solid transparent;border-right:5px solid transparent;border-top:7px solid ${color};margin-top:-1px;`;
  el.append(head, tip);
  return el;
}
