// A micro-benchmark of the parser alone: feed lines already in memory to a KvmTextImporter
// whose sink only counts, and report lines per second. Used by bench scripts and by hand;
// tests may call it but never assert on its timings.

import type { ExitRecord, ExitSink } from '../exit-record';
import { KvmTextImporter } from './kvm-text-importer';
import type { KvmImportStats } from './kvm-text-importer';

export interface KvmParseMeasurement {
  lines: number;
  exits: number;
  ms: number;
  linesPerSec: number;
  stats: KvmImportStats;
}

/** Parse `lines` `rounds` times (the first round warms up the JIT and is not timed when rounds > 1). */
export function measureKvmParse(lines: readonly string[], rounds = 3): KvmParseMeasurement {
  let best = Number.POSITIVE_INFINITY;
  let stats: KvmImportStats | null = null;
  let exits = 0;
  const timed = Math.max(1, rounds);
  for (let r = 0; r < timed + (rounds > 1 ? 1 : 0); r++) {
    let pushed = 0;
    const sink: ExitSink = { push: (_e: ExitRecord) => { pushed++; } };
    const importer = new KvmTextImporter(sink);
    const t0 = performance.now();
    for (let i = 0; i < lines.length; i++) importer.feedLine(lines[i], i + 1);
    stats = importer.finish();
    const ms = performance.now() - t0;
    exits = pushed;
    if (rounds <= 1 || r > 0) best = Math.min(best, ms);
  }
  return { lines: lines.length, exits, ms: best, linesPerSec: Math.round(lines.length / (best / 1000)), stats: stats as KvmImportStats };
}
