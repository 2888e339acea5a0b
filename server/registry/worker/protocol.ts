/** Messages between the server and the registry worker thread (structured-cloned, no transfers). */
import type { GroupMember, TableKey } from '../../../shared/registryTable/sheets';
import type { ImportInput, ImportOutcome, StoredChunks } from '../importJob';

export type JobRequest =
  | ({ kind: 'import' } & ImportInput)
  | { kind: 'export'; current: StoredChunks; members: GroupMember[]; table: TableKey | null }
  | { kind: 'template'; table: TableKey | null };

export type JobResult<R extends JobRequest> = R extends { kind: 'import' } ? ImportOutcome : Uint8Array;

export interface JobMessage {
  id: number;
  req: JobRequest;
}

export type JobReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
