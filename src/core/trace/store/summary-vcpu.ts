// Per-vCPU statistics for the summaries (table summary_vcpu, migration-stat.ts): the latency
// statistics of summary_reason and summary_port again, split by vCPU, so a `perf kvm stat
// --vcpu N`-style report and the per-vCPU breakdown read a few rows instead of scanning exits.
// TraceAggregates (summarize.ts) gives each exit kind a VcpuKind, which forwards the kind's
// latencies to its (vCPU, reason) and (vCPU, port group) statistics.
import type { Db } from './open-trace-db';
import { SUMMARY_PERCENTILES, WeightedStats } from './weighted-stats';

interface VcpuGroup { vcpu: number; grp: 'reason' | 'port'; key: string; device: string | null; stats: WeightedStats }

/** The two per-vCPU groups one exit kind belongs to. */
export class VcpuKind {
  constructor(private readonly reason: VcpuGroup, private readonly port: VcpuGroup | null) {}
  add(latency: number): void {
    this.reason.stats.add(latency);
    this.port?.stats.add(latency);
  }
  addMany(latency: number | null, times: number): void {
    this.reason.stats.addMany(latency, times);
    this.port?.stats.addMany(latency, times);
  }
  /** Remembers the device of the port group (the last kind with exits names it). */
  device(name: string | null): void {
    if (this.port && name !== null) this.port.device = name;
  }
}

export class VcpuGroups {
  private readonly groups = new Map<string, VcpuGroup>();

  private group(vcpu: number, grp: 'reason' | 'port', key: string): VcpuGroup {
    const id = `${grp}\u0000${key}\u0000${vcpu}`;
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = { vcpu, grp, key, device: null, stats: new WeightedStats() }));
    return g;
  }

  /** The groups of a kind on `vcpu` with this reason and port group key ('port|direction|size', or null). */
  kind(vcpu: number, reason: string, portKey: string | null): VcpuKind {
    return new VcpuKind(this.group(vcpu, 'reason', reason), portKey === null ? null : this.group(vcpu, 'port', portKey));
  }

  write(db: Db, traceId: number): void {
    const insert = db.prepare(`
      INSERT INTO summary_vcpu (trace_id, vcpu, grp, key, device, count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns, sumsq_ns)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const g of this.groups.values()) {
      const s = g.stats;
      if (s.count === 0) continue;
      const [p50, p90, p99] = s.percentiles(SUMMARY_PERCENTILES);
      insert.run(traceId, g.vcpu, g.grp, g.key, g.device, s.count, s.closed, s.min, p50!, p90!, p99!, s.max,
        s.closed ? s.total / s.closed : null, s.total, s.closed ? s.sumSq : null);
    }
  }
}
