// What a trace's "latency" figures are, said per kind of trace, for captions, report headers and
// the compare and stat views: an imported KVM trace's latency is measured host time from the
// kvm_exit to the next kvm_entry of the vCPU thread; an emulated run's is the exit's priced
// cost (Σ of its cost components, cycles of the run's profile) on the guest clock; a derived
// trace's is the cost priced again under another mechanism/profile, on that profile's clock
// (unknown when the profile publishes no clock: its costs are then in cycles only).
import type { TraceKind } from '../../shared/dto';
import { parseRunMeta } from './run-meta';
import type { Db } from '../trace/store/open-trace-db';

export interface TraceKindFacts {
  kind: TraceKind;
  mechanism: string | null;
  profileId: string | null;
  workload: string | null;
  cpuHz: number | null;
  /** Derived traces: the source trace, if still stored. */
  derivedFrom: number | null;
}

export function traceKindFacts(db: Db, traceId: number): TraceKindFacts | null {
  const row = db.prepare('SELECT kind, meta_json, derived_from FROM traces WHERE id = ?').get(traceId) as
    { kind: TraceKind; meta_json: string; derived_from: number | null } | undefined;
  if (!row) return null;
  const meta = parseRunMeta(row.meta_json);
  return { kind: row.kind, mechanism: meta.mechanism, profileId: meta.profileId, workload: meta.workload, cpuHz: meta.cpuHz, derivedFrom: row.derived_from };
}

export function latencyMeaning(f: TraceKindFacts): string {
  if (f.kind === 'imported') return 'measured host time from each kvm_exit to the next kvm_entry on the same vCPU thread';
  const under = `${f.mechanism ?? 'its mechanism'} priced with profile ${f.profileId ?? '?'}`;
  if (f.kind === 'emulated') {
    const clock = f.cpuHz === null ? 'the guest clock' : `the guest clock (${f.cpuHz / 1e6} MHz)`;
    return `priced cost, not a measured kvm_exit → kvm_entry: Σ of each exit's cost components (${under}) at ${clock}`;
  }
  return `re-priced cost, not measured: each exit of the source trace priced again (${under}), at the profile's clock; ` +
    'where the profile publishes no clock the cost exists in cycles only and its latency is unknown';
}

/** The histogram caption for this kind of trace. */
export function histogramDerivation(f: TraceKindFacts, bucketsPerOctave: number): string {
  const B = bucketsPerOctave;
  return `log2 buckets, ${B} per octave: bucket i holds exit latencies in [2^(i/${B}), 2^((i+1)/${B})) ns; latency = ${latencyMeaning(f)}; ` +
    (f.kind === 'imported' ? 'exits never closed are not counted' : 'exits without a latency are not counted');
}
