/**
 * Redis's own latency monitor around a benchmark run: it tells an fsync stall (`aof-fsync-always`)
 * or Redis waiting for a core (`command`, `fast-command`) from our own code being slow.
 */
import { createClient } from 'redis';

/** Switches the monitor on (events over `thresholdMs`); `worst()` reads event → worst ms and disconnects. */
export async function watchRedisLatency(url: string, thresholdMs: number): Promise<{ worst(): Promise<Record<string, number>> }> {
  const r = createClient({ url });
  await r.connect();
  await r.configSet('latency-monitor-threshold', String(thresholdMs));
  return {
    async worst() {
      const rows = (await r.sendCommand(['LATENCY', 'LATEST'])) as [string, number, number, number][];
      await r.close();
      return Object.fromEntries(rows.map(([event, , , max]) => [event, Number(max)]));
    },
  };
}
