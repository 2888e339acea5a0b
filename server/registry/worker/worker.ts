/**
 * The registry worker thread: runs one job at a time (import, export, template) for as long as
 * the server keeps it. Everything that parses or writes a 200,000-row file runs here, so the
 * server's event loop keeps relaying sheet edits meanwhile.
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { decodeStored, runImport } from '../importJob';
import { writeCsv, writeWorkbook } from '../sheets/write';
import type { JobMessage, JobReply, JobRequest } from './protocol';

async function handle(req: JobRequest): Promise<unknown> {
  switch (req.kind) {
    case 'import':
      return runImport(req);
    case 'export': {
      const registry = decodeStored(req.current);
      return req.table ? writeCsv(req.table, registry, req.members) : writeWorkbook(registry, req.members);
    }
    case 'template':
      return req.table ? writeCsv(req.table, null) : writeWorkbook(null);
  }
}

// On Linux a thread is its own scheduling entity: lowering this thread's priority lets the main
// thread (live sync) and Redis win the CPU while a big import runs beside them on two cores.
try {
  os.setPriority(10);
} catch (err) {
  console.warn('registry worker: could not lower its priority', err);
}

parentPort!.on('message', ({ id, req }: JobMessage) => {
  handle(req).then(
    (result) => parentPort!.postMessage({ id, ok: true, result } satisfies JobReply),
    (err: unknown) => parentPort!.postMessage({ id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } satisfies JobReply),
  );
});
