/** Files and requests for the registry tests: CSV text built by hand (test data, not parsing), uploads, admin calls. */
import type { Household, Registry } from '../../shared/registry';
import { tableRows } from '../../shared/registryTable/rows';
import type { TableKey } from '../../shared/registryTable/sheets';

export type Row = (string | number | null | undefined)[];

/** RFC 4180 CSV: quoted when needed, CRLF line ends (as Excel writes it). */
export function csvText(rows: Row[]): string {
  const cell = (v: Row[number]) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const withBom = (s: string): Uint8Array => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]);

/** A table of a registry as CSV text, header first. */
export function tableCsv(key: TableKey, r: Registry): string {
  const t = tableRows(key, r);
  return csvText([t.headers, ...t.rows]);
}

export const HOUSEHOLD_HEADER = ['户编号', '所属村编号', '户主姓名', '户类型', '脱贫年度', '边缘户类型', '家庭人口', '致贫原因', '帮扶措施', '帮扶责任人编号', '经度', '纬度'];

/**
 * The registry with generated households added up to `total`, spread over its villages near
 * each village; every 8th generated one is registered (exited 2018) without a pairing contact,
 * so the rule report has work to show.
 */
export function scaledRegistry(r: Registry, total: number): { registry: Registry; extraRegistered: number } {
  const households = r.households.slice();
  let extraRegistered = 0;
  for (let i = r.households.length; i < total; i++) {
    const v = r.villages[i % r.villages.length]!;
    const registered = i % 8 === 0;
    if (registered) extraRegistered++;
    households.push({
      id: `x${i + 1}`,
      villageId: v.id,
      head: `户主${i + 1}`,
      status: registered ? 'exited' : 'ordinary',
      ...(registered ? { exitYear: 2018, povertyCause: '因病' } : {}),
      edgeKinds: [],
      members: 1 + (i % 6),
      measures: registered ? ['健康脱贫', '产业扶贫'] : [],
      location: { lng: Math.round((v.location.lng + ((i % 17) - 8) * 0.0005) * 1e6) / 1e6, lat: Math.round((v.location.lat + ((i % 13) - 6) * 0.0005) * 1e6) / 1e6 },
    });
  }
  return { registry: { ...r, households }, extraRegistered };
}

/** The households table of `scaledRegistry` as one CSV file. */
export function manyHouseholdsCsv(r: Registry, total: number): { text: string; extraRegistered: number } {
  const { registry, extraRegistered } = scaledRegistry(r, total);
  return { text: tableCsv('households', registry), extraRegistered };
}

export interface UploadResult {
  status: number;
  body: Record<string, unknown> & { ok?: boolean; report?: { sheet: string; row: number | null; column: string | null; code: string; params?: Record<string, unknown> }[]; errorCount?: number };
}

export async function upload(baseUrl: string, token: string, files: { name: string; bytes: Uint8Array }[], query = ''): Promise<UploadResult> {
  const form = new FormData();
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${baseUrl}/api/admin/registry/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as UploadResult['body'] };
}

// Responses are asserted field by field with toMatchObject; typing each endpoint here adds nothing.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(baseUrl: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // a file download: keep the text
  }
  return { status: res.status, body: parsed };
}

export function household(over: Partial<Household> & Pick<Household, 'id' | 'villageId'>): Household {
  return { head: '张三', status: 'ordinary', edgeKinds: [], members: 3, measures: [], ...over };
}
