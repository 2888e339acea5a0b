/** A stable, readable colour per user (white initials on it pass WCAG AA). */
const PALETTE = ['#1f5fa8', '#8a3ffc', '#0f7d6b', '#b4460e', '#a11d5a', '#3d5a1e', '#6b4f1d', '#0b6a8f'] as const;

export function userColor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/**
 * Avatar text: a Chinese personal name (2–3 characters) shows its last two (王建国 → 建国);
 * a longer name, usually a post (县指挥部值班员), its first character; Latin names their initials.
 */
export function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  if (/[\u4e00-\u9fff]/.test(trimmed)) {
    const chars = [...trimmed];
    return chars.length <= 3 ? chars.slice(-2).join('') : chars[0]!;
  }
  const words = trimmed.split(/\s+/);
  return words.map((w) => w[0]!.toUpperCase()).slice(0, 2).join('');
}
