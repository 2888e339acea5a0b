/**
 * Light protocol-level observers for the load benchmark: a raw WebSocket that speaks just enough
 * y-websocket to join a document and timestamps every update relayed to it. A full Y.Doc per
 * observer would make the benchmark process, not the server, the thing being measured.
 */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../shared/syncProtocol';

/**
 * Milliseconds on the monotonic clock every thread of this process shares (performance.now()
 * counts from each worker's own start, so it cannot compare a writer's and a worker's times).
 */
export const clock = (): number => Number(process.hrtime.bigint()) / 1e6;

export class Observer {
  readonly ws: WebSocket;
  /** Arrival times (`clock()`) of relayed updates, in order. */
  readonly updates: number[] = [];
  opened = 0;
  joinedAt = 0;
  closed = false;

  constructor(url: string, readonly startedAt = clock()) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('open', () => {
      this.opened = clock();
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, SyncStep.step1);
      encoding.writeVarUint8Array(e, new Uint8Array([0])); // empty state vector: send me everything
      this.ws.send(encoding.toUint8Array(e));
    });
    this.ws.on('message', (data: Buffer) => {
      const t = clock();
      const d = decoding.createDecoder(data);
      if (decoding.readVarUint(d) !== MessageType.sync) return;
      const step = decoding.readVarUint(d);
      if (step === SyncStep.step2 && !this.joinedAt) this.joinedAt = t;
      else if (step === SyncStep.update) this.updates.push(t);
    });
    this.ws.on('close', () => (this.closed = true));
    this.ws.on('error', () => undefined);
  }

  get joined(): boolean {
    return this.joinedAt > 0;
  }

  close(): void {
    this.ws.terminate();
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens `n` observers, at most `parallel` handshakes at a time (a burst, not a storm). */
export async function openObservers(urls: () => string, n: number, parallel = 100): Promise<Observer[]> {
  const out: Observer[] = [];
  for (let i = 0; i < n; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, n - i) }, () => new Observer(urls()));
    out.push(...batch);
    await waitFor(() => batch.every((o) => o.joined || o.closed), 60_000, 'observers to join');
  }
  return out;
}

/** Per-update latency: the k-th relayed update of each observer against the k-th send time. */
export function latencies(sentAt: number[], arrivals: readonly (readonly number[])[]): { values: number[]; missing: number } {
  const values: number[] = [];
  let missing = 0;
  for (const updates of arrivals) {
    for (let k = 0; k < sentAt.length; k++) {
      const r = updates[k];
      if (r === undefined) missing++;
      else values.push(r - sentAt[k]!);
    }
  }
  values.sort((a, b) => a - b);
  return { values, missing };
}

export function rssOf(pid: number): number {
  // VmRSS in kB from /proc: the resident set of that process alone.
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}
