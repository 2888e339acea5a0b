/** One observer thread of `ObserverPool`: joins its share of observers, reports arrivals on request. */
import { parentPort, workerData } from 'node:worker_threads';
import { openObservers } from './loadClients';
import type { PoolReply, PoolRequest } from './observerPool';

const { urls, parallel } = workerData as PoolRequest;
let i = 0;
const observers = await openObservers(() => urls[i++]!, urls.length, parallel);
const reply = (m: PoolReply) => parentPort!.postMessage(m);
reply({ kind: 'joined', joined: observers.filter((o) => o.joined).length, closed: observers.filter((o) => o.closed).length });
parentPort!.on('message', (m: string) => {
  if (m === 'arrivals') reply({ kind: 'arrivals', arrivals: observers.map((o) => o.updates) });
});
