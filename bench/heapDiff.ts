/**
 * Compares two V8 heap snapshots by constructor: which kinds of object grew, in count and bytes.
 * `tsx bench/heapDiff.ts a.heapsnapshot b.heapsnapshot` — used by the soak probe to tell a leak
 * (retained objects that keep growing) from allocator and GC-heuristic growth of the RSS.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSummary {
  total: number;
  byKind: Map<string, { count: number; bytes: number }>;
}

/** Self size per "type:name" (e.g. `object:Item`, `string:`, `closure:onmessage`). */
export function summarise(file: string): HeapSummary {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = s.snapshot.meta.node_types[0];
  const byKind = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt]!]!;
    // Strings and code are grouped by type alone: their "names" are their contents.
    const name = type === 'object' || type === 'closure' || type === 'native' ? s.strings[s.nodes[i + nameAt]!]! : '';
    const key = `${type}:${name}`;
    const size = s.nodes[i + sizeAt]!;
    total += size;
    const e = byKind.get(key);
    if (e) {
      e.count++;
      e.bytes += size;
    } else byKind.set(key, { count: 1, bytes: size });
  }
  return { total, byKind };
}

export function diff(a: HeapSummary, b: HeapSummary, top = 15): { kind: string; count: number; bytes: number }[] {
  const kinds = new Set([...a.byKind.keys(), ...b.byKind.keys()]);
  const out = [...kinds].map((kind) => {
    const x = a.byKind.get(kind) ?? { count: 0, bytes: 0 };
    const y = b.byKind.get(kind) ?? { count: 0, bytes: 0 };
    return { kind, count: y.count - x.count, bytes: y.bytes - x.bytes };
  });
  return out.sort((p, q) => Math.abs(q.bytes) - Math.abs(p.bytes)).slice(0, top);
}

if (process.argv[1]?.endsWith('heapDiff.ts')) {
  const [fa, fb] = process.argv.slice(2);
  if (!fa || !fb) {
    console.error('usage: tsx bench/heapDiff.ts <earlier.heapsnapshot> <later.heapsnapshot>');
    process.exit(2);
  }
  const a = summarise(fa);
  const b = summarise(fb);
  console.log(`retained heap ${(a.total / 2 ** 20).toFixed(2)} MB → ${(b.total / 2 ** 20).toFixed(2)} MB`);
  for (const d of diff(a, b)) console.log(`${d.bytes >= 0 ? '+' : ''}${d.bytes} B\t${d.count >= 0 ? '+' : ''}${d.count}\t${d.kind}`);
}
