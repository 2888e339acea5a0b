/**
 * Observers spread over worker threads. 500 phones receive an update in parallel; 500 sockets
 * in one benchmark thread take their frames one after another, so the last one's latency would
 * include the other 499's parsing. Threads let the observers' side use whatever core the server
 * is not using, as separate devices would — on two cores they still share with the server.
 */
import { Worker } from 'node:worker_threads';

export interface PoolRequest {
  urls: string[];
  parallel: number;
}

export type PoolReply = { kind: 'joined'; joined: number; closed: number } | { kind: 'arrivals'; arrivals: number[][] };

export class ObserverPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Opens `urls.length` observers over `threads` threads; resolves when every one has joined. */
  static async open(urls: string[], threads: number, parallel = 100): Promise<ObserverPool> {
    const per = Math.ceil(urls.length / threads);
    const workers: Worker[] = [];
    const joins: Promise<void>[] = [];
    for (let t = 0; t < threads; t++) {
      const slice = urls.slice(t * per, (t + 1) * per);
      if (!slice.length) break;
      const w = new Worker(new URL('./observerWorker.mjs', import.meta.url), { workerData: { urls: slice, parallel: Math.ceil(parallel / threads) } satisfies PoolRequest });
      workers.push(w);
      joins.push(
        new Promise((resolve, reject) => {
          w.once('error', reject);
          w.once('message', (m: PoolReply) => (m.kind === 'joined' && m.joined === slice.length ? resolve() : reject(new Error(`observers: ${JSON.stringify(m)}`))));
        }),
      );
    }
    await Promise.all(joins);
    return new ObserverPool(workers);
  }

  /** Every observer's update arrival times so far (`clock()` ms), in the order of `urls`. */
  async arrivals(): Promise<number[][]> {
    const parts = await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<number[][]>((resolve) => {
            w.once('message', (m: PoolReply) => resolve(m.kind === 'arrivals' ? m.arrivals : []));
            w.postMessage('arrivals');
          }),
      ),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
