/**
 * The import's heavy part, run in a worker thread (worker/worker.ts) or, in unit tests, in
 * process: read the files, plan the import against the stored registry, and when it is valid
 * encode the new registry into chunks ready for Redis. Nothing here touches Redis or users.
 */
import type { Registry } from '../../shared/registry';
import { reportCounts, type ReportCounts } from '../../shared/registryReports';
import type { ReportItem } from '../../shared/registryTable/parse';
import { planImport, type ReportSummary } from '../../shared/registryTable/plan';
import type { GroupMember, TableKey } from '../../shared/registryTable/sheets';
import type { Role } from '../../shared/roles';
import { decodeChunkSync, encodeAllSync, partItems, PARTS, registryFromParts, type ChunkIds, type EncodedChunk, type RegistryPart } from './codec';
import { FileProblem, readUpload, type TextEncoding } from './sheets/read';
import type { RawSheet } from '../../shared/registryTable/parse';

export interface StoredChunks {
  ids: ChunkIds;
  blobs: Map<string, Uint8Array>;
}

export interface ImportInput {
  files: { name: string; bytes: Uint8Array }[];
  current: StoredChunks | null;
  accounts: [string, Role][];
  year: number;
  maxRows: number;
  /** Check only: no encoding. */
  dryRun: boolean;
}

export interface FileInfo {
  name: string;
  encoding?: TextEncoding;
  sheets: string[];
}

export type ImportOutcome =
  | { ok: false; files: FileInfo[]; tables: TableKey[]; report: ReportItem[]; errorCount: number; summary: ReportSummary[]; ms: Record<string, number> }
  | {
      ok: true;
      files: FileInfo[];
      tables: TableKey[];
      counts: Record<RegistryPart, number>;
      warnings: ReportCounts;
      members: GroupMember[] | null;
      /** The new registry's groups: members of groups that vanished leave them. */
      groupIds: string[];
      encoded: { ids: ChunkIds; chunks: EncodedChunk[]; hash: string } | null;
      ms: Record<string, number>;
    };

export function decodeStored(stored: StoredChunks): Registry {
  const parts = {} as Record<RegistryPart, unknown[]>;
  for (const p of PARTS) {
    parts[p] = [];
    for (const id of stored.ids[p]) for (const it of decodeChunkSync(stored.blobs.get(id)!)) parts[p].push(it);
  }
  return registryFromParts(parts);
}

export async function runImport(input: ImportInput): Promise<ImportOutcome> {
  const ms: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round(now - t);
    t = now;
  };
  const files: FileInfo[] = [];
  const sheets: RawSheet[] = [];
  const fileProblems: ReportItem[] = [];
  for (const f of input.files) {
    try {
      const read = await readUpload(f.name, f.bytes);
      files.push({ name: f.name, sheets: read.sheets.map((s) => s.name), ...(read.encoding ? { encoding: read.encoding } : {}) });
      sheets.push(...read.sheets);
    } catch (err) {
      if (!(err instanceof FileProblem)) throw err;
      files.push({ name: f.name, sheets: [] });
      fileProblems.push({ file: f.name, sheet: f.name, row: null, column: null, code: err.code, params: err.params });
    }
  }
  lap('read');
  if (fileProblems.length > 0) return { ok: false, files, tables: [], report: fileProblems, errorCount: fileProblems.length, summary: [], ms };
  const current = input.current ? decodeStored(input.current) : null;
  lap('decodeCurrent');
  const plan = planImport(current, sheets, { year: input.year, maxRows: input.maxRows, accounts: new Map(input.accounts) });
  lap('validate');
  if (!plan.registry) return { ok: false, files, tables: plan.tables, report: plan.report, errorCount: plan.errorCount, summary: plan.summary, ms };
  const counts = Object.fromEntries(PARTS.map((p) => [p, partItems(plan.registry!, p).length])) as Record<RegistryPart, number>;
  const warnings = reportCounts(plan.registry);
  const encoded = input.dryRun ? null : encodeAllSync(plan.registry);
  lap('encode');
  return { ok: true, files, tables: plan.tables, counts, warnings, members: plan.members, groupIds: plan.registry.groups.map((g) => g.id), encoded, ms };
}
