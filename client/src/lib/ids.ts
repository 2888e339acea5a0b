/**
 * Random ids. `crypto.randomUUID` exists only in secure contexts, and county intranets serve
 * plain HTTP; `getRandomValues` works everywhere.
 */
export function randomId(prefix = ''): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return prefix + s;
}
