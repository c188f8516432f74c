// Exits over time, per vCPU, for "exits per second" (table summary_rate, migration-stat.ts):
// counts in equal time buckets from the trace's first exit, kept while the writer inserts so the
// rate view never scans exits. The bucket width starts at 1 µs and doubles (merging neighbours)
// whenever an exit falls outside ±RATE_BUCKETS buckets, so a trace of any length ends with at most
// 2 × RATE_BUCKETS buckets per vCPU of a width that is 1 µs × a power of two.
import type { Db } from './open-trace-db';

export const RATE_BUCKETS = 4096;
const FIRST_WIDTH_NS = 1000;

export class RateBuckets {
  private origin = Number.NaN;
  private width = FIRST_WIDTH_NS;
  private readonly perVcpu = new Map<number, Float64Array>();

  add(vcpu: number, timeNs: number): void {
    if (this.origin !== this.origin) this.origin = timeNs;
    let i = Math.floor((timeNs - this.origin) / this.width);
    while (i >= RATE_BUCKETS || i < -RATE_BUCKETS) {
      this.double();
      i = Math.floor((timeNs - this.origin) / this.width);
    }
    let counts = this.perVcpu.get(vcpu);
    if (!counts) this.perVcpu.set(vcpu, (counts = new Float64Array(2 * RATE_BUCKETS)));
    counts[i + RATE_BUCKETS]!++;
  }

  /** Twice the width: bucket i becomes floor(i / 2), which is floor((t − origin) / (2 × width)). */
  private double(): void {
    this.width *= 2;
    for (const [vcpu, counts] of this.perVcpu) {
      const merged = new Float64Array(2 * RATE_BUCKETS);
      for (let j = 0; j < counts.length; j++) {
        const n = counts[j]!;
        if (n !== 0) merged[Math.floor((j - RATE_BUCKETS) / 2) + RATE_BUCKETS]! += n;
      }
      this.perVcpu.set(vcpu, merged);
    }
  }

  write(db: Db, traceId: number): void {
    const insert = db.prepare('INSERT INTO summary_rate (trace_id, vcpu, bucket, exits, width_ns, origin_ns) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [vcpu, counts] of this.perVcpu) {
      for (let j = 0; j < counts.length; j++) if (counts[j] !== 0) insert.run(traceId, vcpu, j - RATE_BUCKETS, counts[j]!, this.width, this.origin);
    }
  }
}
