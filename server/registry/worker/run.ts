/**
 * Runs registry jobs on worker threads, one at a time per process: two cores serve live sync
 * and one heavy job; a second import waits for the first instead of halving both.
 */
import { Worker } from 'node:worker_threads';
import type { JobReply, JobRequest, JobResult } from './protocol';

const TIMEOUT_MS = 5 * 60_000;
let queue: Promise<unknown> = Promise.resolve();

function once<R extends JobRequest>(req: R): Promise<JobResult<R>> {
  return new Promise((resolve, reject) => {
    // Room for parsing a 200,000-row workbook; the main thread's heap is not affected.
    const worker = new Worker(new URL('./bootstrap.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`registry ${req.kind} job timed out`))), TIMEOUT_MS);
    worker.once('message', (reply: JobReply) => finish(() => (reply.ok ? resolve(reply.result as JobResult<R>) : reject(new Error(reply.error)))));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`registry worker exited with code ${code}`))));
    worker.postMessage(req);
  });
}

export function runJob<R extends JobRequest>(req: R): Promise<JobResult<R>> {
  const run = queue.then(() => once(req));
  queue = run.catch(() => undefined);
  return run;
}
