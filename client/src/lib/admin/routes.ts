/**
 * The county office's admin pages (merged into the app router):
 *   /admin               overview: current registry version, rule counts, recent changes
 *   /admin/registry      households and pairing contacts (?tab=contacts&township=&village=&q=&status=&page=&edit=)
 *   /admin/import        templates, export, import with the row-by-row report, versions and rollback
 *   /admin/reports       rule reports (?kind=withoutContact|contactOverLimit|withoutLocation&page=)
 *   /admin/users         accounts and inspection groups (?tab=groups)
 * Filters and paging live in the query string, so Back and reload keep the admin's place.
 */
export const ADMIN_SECTIONS = ['home', 'registry', 'import', 'reports', 'users'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export type AdminRoute = { name: 'admin'; section: AdminSection; search: string };

export function matchAdminRoute(path: string, url: URL): AdminRoute | null {
  const m = /^\/admin(?:\/(registry|import|reports|users))?$/.exec(path);
  if (!m) return null;
  return { name: 'admin', section: (m[1] as AdminSection | undefined) ?? 'home', search: url.search };
}

export function adminPath(section: AdminSection = 'home', params: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return (section === 'home' ? '/admin' : `/admin/${section}`) + (s ? `?${s}` : '');
}
