/**
 * The admin API (/api/admin) for the county office's pages. Errors are the app's usual
 * `ApiRequestError` / `NetworkError`; a rule failure also carries every problem, per field.
 */
import type {
  AdminUser,
  AuditEntry,
  ContactDetail,
  ContactRow,
  GroupView,
  HouseholdDetail,
  HouseholdRow,
  ImportResponse,
  Page,
  PlaceTree,
  RegistrySummary,
  VersionView,
} from '../../../../shared/adminApi';
import type { ContactPatch, GroupPatch, HouseholdPatch } from '../../../../shared/registryEdit';
import type { Params, RuleCode } from '../../../../shared/registryRules';
import type { ReportKind } from '../../../../shared/registryReports';
import type { Role } from '../../../../shared/roles';
import { ApiRequestError, NetworkError } from '../api';

export interface FieldProblem {
  field: string;
  code: RuleCode;
  params?: Params;
  message: string;
}

/** A 400 from the registry rules: `problems` lists them all. */
export class RuleError extends ApiRequestError {
  constructor(
    message: string,
    field: string | undefined,
    readonly problems: FieldProblem[],
  ) {
    super(400, 'invalid_request', message, field);
    this.name = 'RuleError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH';

async function send<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  const isForm = body instanceof FormData;
  try {
    res = await fetch(`/api/admin${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined || isForm ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new NetworkError(err);
  }
  if (res.status === 204) return undefined as T;
  const payload = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  // The import answers 422 with its report: a result to show, not an error.
  if (res.ok || (res.status === 422 && payload && payload.ok === false)) return payload as T;
  if (res.status === 502 || res.status === 503 || res.status === 504 || !payload) throw new NetworkError(new Error(`HTTP ${res.status}`));
  const message = String(payload.message ?? `HTTP ${res.status}`);
  const field = typeof payload.field === 'string' ? payload.field : undefined;
  if (Array.isArray(payload.problems)) throw new RuleError(message, field, payload.problems as FieldProblem[]);
  throw new ApiRequestError(res.status, String(payload.error ?? 'http_error'), message, field);
}

const qs = (params: Record<string, string | number | undefined | null>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export interface HouseholdFilter {
  townshipId?: string;
  villageId?: string;
  q?: string;
  status?: string;
  page: number;
  pageSize: number;
}

export interface NewUserBody {
  username: string;
  name: string;
  role: Role;
  groupId?: string;
  unitId?: string;
  password: string;
}

export const adminApi = {
  summary: (signal?: AbortSignal) => send<RegistrySummary>('GET', '/registry', undefined, signal),
  places: (signal?: AbortSignal) => send<PlaceTree>('GET', '/registry/places', undefined, signal),
  units: (signal?: AbortSignal) => send<{ id: string; name: string }[]>('GET', '/registry/units', undefined, signal),
  households: (f: HouseholdFilter, signal?: AbortSignal) => send<Page<HouseholdRow>>('GET', `/registry/households${qs({ ...f })}`, undefined, signal),
  household: (id: string, signal?: AbortSignal) => send<HouseholdDetail>('GET', `/registry/households/${encodeURIComponent(id)}`, undefined, signal),
  editHousehold: (id: string, patch: HouseholdPatch) => send<{ version: number }>('PATCH', `/registry/households/${encodeURIComponent(id)}`, patch),
  contacts: (f: { townshipId?: string; q?: string; page: number; pageSize: number }, signal?: AbortSignal) =>
    send<Page<ContactRow>>('GET', `/registry/contacts${qs({ ...f })}`, undefined, signal),
  contact: (id: string, signal?: AbortSignal) => send<ContactDetail>('GET', `/registry/contacts/${encodeURIComponent(id)}`, undefined, signal),
  editContact: (id: string, patch: ContactPatch) => send<{ version: number }>('PATCH', `/registry/contacts/${encodeURIComponent(id)}`, patch),
  report: (kind: ReportKind, page: number, pageSize: number, signal?: AbortSignal) =>
    send<Page<HouseholdRow> | Page<ContactRow>>('GET', `/registry/reports/${kind}${qs({ page, pageSize })}`, undefined, signal),
  versions: (signal?: AbortSignal) => send<VersionView[]>('GET', '/registry/versions', undefined, signal),
  rollback: (version?: number) => send<VersionView>('POST', '/registry/rollback', version === undefined ? {} : { version }),
  importFiles: (files: File[], dryRun: boolean) => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    return send<ImportResponse>('POST', `/registry/import${dryRun ? '?dryRun=1' : ''}`, form);
  },
  users: (signal?: AbortSignal) => send<AdminUser[]>('GET', '/users', undefined, signal),
  createUser: (body: NewUserBody) => send<AdminUser>('POST', '/users', body),
  editUser: (id: string, patch: { name?: string; role?: Role; groupId?: string | null; unitId?: string | null; active?: boolean }) =>
    send<AdminUser>('PATCH', `/users/${encodeURIComponent(id)}`, patch),
  resetPassword: (id: string, password: string) => send<void>('POST', `/users/${encodeURIComponent(id)}/password`, { password }),
  groups: (signal?: AbortSignal) => send<GroupView[]>('GET', '/groups', undefined, signal),
  createGroup: (body: { id: string; name: string; townshipIds: string[] }) => send<GroupView>('POST', '/groups', body),
  editGroup: (id: string, patch: GroupPatch) => send<GroupView>('PATCH', `/groups/${encodeURIComponent(id)}`, patch),
  audit: (limit: number, before?: string, signal?: AbortSignal) => send<{ items: AuditEntry[]; next: string | null }>('GET', `/audit${qs({ limit, before })}`, undefined, signal),
};

/** Download links: plain hrefs, the browser saves the file (the session cookie authenticates). */
export const downloads = {
  template: '/api/admin/registry/template.xlsx',
  templateCsv: (table: string) => `/api/admin/registry/template/${table}.csv`,
  export: '/api/admin/registry/export.xlsx',
  exportCsv: (table: string) => `/api/admin/registry/export/${table}.csv`,
};
