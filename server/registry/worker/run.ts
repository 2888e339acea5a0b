/**
 * Runs registry jobs on one worker thread, one job at a time: two cores serve live sync and one
 * heavy job; a second import waits for the first instead of halving both. The thread is kept
 * between jobs (starting one and loading its modules costs about a second) and ended after
 * IDLE_MS without work, which also hands a big import's memory back.
 */
import { Worker } from 'node:worker_threads';
import type { JobMessage, JobReply, JobRequest, JobResult } from './protocol';

const TIMEOUT_MS = 5 * 60_000;
const IDLE_MS = 2 * 60_000;

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let seq = 0;
let queue: Promise<unknown> = Promise.resolve();

function thread(): Worker {
  if (idle) clearTimeout(idle);
  idle = null;
  if (worker) return worker;
  // Room for parsing a 200,000-row workbook; the main thread's heap is not affected.
  const w = new Worker(new URL('./bootstrap.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
  w.unref(); // an idle worker never keeps the process alive
  // A job's own listener reports errors to its caller; this one keeps an error between jobs
  // from being an unhandled 'error' event (the thread exits, the next job starts a new one).
  w.on('error', () => undefined);
  w.once('exit', () => {
    if (worker === w) worker = null;
  });
  worker = w;
  return w;
}

function once<R extends JobRequest>(req: R): Promise<JobResult<R>> {
  const w = thread();
  const id = ++seq;
  return new Promise<JobResult<R>>((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (reply: JobReply) => {
      if (reply.id !== id) return;
      cleanup();
      if (reply.ok) resolve(reply.result as JobResult<R>);
      else reject(new Error(reply.error));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`registry worker exited with code ${code}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      void w.terminate(); // a stuck job takes its thread with it; the next job starts a fresh one
      reject(new Error(`registry ${req.kind} job timed out`));
    }, TIMEOUT_MS);
    w.on('message', onMessage);
    w.once('error', onError);
    w.once('exit', onExit);
    w.postMessage({ id, req } satisfies JobMessage);
  }).finally(() => {
    if (worker === w) idle = setTimeout(() => void w.terminate(), IDLE_MS).unref();
  });
}

export function runJob<R extends JobRequest>(req: R): Promise<JobResult<R>> {
  const run = queue.then(() => once(req));
  queue = run.catch(() => undefined);
  return run;
}

/** Ends the worker thread now (server shutdown, tests). */
export async function stopJobs(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
