/**
 * Prometheus metrics for one instance, on its own registry (several servers may share a process
 * in tests). Scraped at /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface SyncMetrics {
  /** An update was stored and applied; `ms` from frame receipt to relay. */
  applied(ms: number): void;
  compacted(ms: number): void;
  refused(reason: string): void;
}

export interface Metrics extends SyncMetrics {
  registry: Registry;
}

export function createMetrics(gauges: {
  connections: () => number;
  docs: () => number;
  streamLengths: () => Promise<number[]>;
}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'suicha_' });
  const updates = new Counter({ name: 'suicha_updates_total', help: 'Yjs updates stored and relayed', registers: [registry] });
  const refusals = new Counter({
    name: 'suicha_sync_closed_total',
    help: 'Sync connections closed by the server, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'suicha_edit_to_peer_seconds',
    help: 'From an update frame arriving to its relay to peers (store + apply + send)',
    buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const compaction = new Histogram({
    name: 'suicha_compaction_seconds',
    help: 'Time to snapshot a document and trim its stream',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'suicha_ws_connections',
    help: 'Open /yjs connections',
    registers: [registry],
    collect() {
      this.set(gauges.connections());
    },
  });
  new Gauge({
    name: 'suicha_docs_loaded',
    help: 'Documents loaded on this instance',
    registers: [registry],
    collect() {
      this.set(gauges.docs());
    },
  });
  new Gauge({
    name: 'suicha_stream_entries_max',
    help: 'Longest Redis stream among the documents loaded here',
    registers: [registry],
    async collect() {
      const lengths = await gauges.streamLengths().catch(() => [] as number[]);
      this.set(lengths.length ? Math.max(...lengths) : 0);
    },
  });
  // Updates per second is rate(suicha_updates_total[1m]) in Prometheus.
  return {
    registry,
    applied(ms) {
      updates.inc();
      latency.observe(ms / 1000);
    },
    compacted(ms) {
      compaction.observe(ms / 1000);
    },
    refused(reason) {
      refusals.inc({ reason });
    },
  };
}
