// Real trace files for the explore query tests: a generated KVM trace (bench/gen-kvm-trace.ts,
// several vCPUs, many reasons and ports) imported with the real importer, and an emulated run
// (outl_to_kernel and io_forms under trap), each big enough to span several seq blocks. The oracle
// reads the same exits through the `exits_priced` view and filters and sorts them in plain JS.
import { writeFileSync } from 'node:fs';
import { generateKvmTraceLines } from '../../../../bench/gen-kvm-trace';
import { findProfile, loadProfiles } from '../../../../src/core/cost/index';
import type { ExitFilter, ExitSortKey, SortDir } from '../../../../src/shared/explore';
import { importKvmTextFile } from '../../../../src/core/trace/import/import-kvm-file';
import type { Db } from '../../../../src/core/trace/store/open-trace-db';
import { recordRun } from '../../../../src/core/trace/store/record-run';
import { runMechanism } from '../../../../src/core/vmm/index';

export async function importGenerated(dbPath: string, textPath: string, lines: number): Promise<number> {
  writeFileSync(textPath, [...generateKvmTraceLines('tracefs', { lines, seed: 7 })].join('\n') + '\n');
  return (await importKvmTextFile(dbPath, textPath)).traceId;
}

export async function recordEmulated(dbPath: string, workload: string, iterations: number): Promise<number> {
  const profile = findProfile(loadProfiles({ dir: null }), 'p4-2007');
  const stored = await recordRun(dbPath, { name: `${workload} trap`, format: 'exitscope-run', meta: { workload, mechanism: 'trap', profile: 'p4-2007' } }, async (sink) => {
    await runMechanism({ workload, mechanism: 'trap', profile, params: { iterations }, sink });
    return { cancelled: false };
  });
  return stored.traceId;
}

export interface OracleExit {
  seq: number; time_ns: number; kind: number; vcpu: number; reason: string; reason_native: string; form_id: number | null;
  mnemonic: string | null; port: number | null; device: string | null; device_location: string | null; direction: string | null;
  size: number | null; mechanism: string | null; latency_ns: number | null; cost_total: number | null; own_latency: number | null;
}

export function allExits(db: Db, traceId: number): OracleExit[] {
  return db.prepare(`SELECT e.seq, e.time_ns, r.kind, e.vcpu, e.reason, e.reason_native, e.form_id, e.mnemonic, e.port, e.device,
      e.device_location, e.direction, e.size, e.mechanism, e.latency_ns, e.cost_total, r.latency_ns AS own_latency
    FROM exits_priced e JOIN exit_rows r ON r.trace_id = e.trace_id AND r.seq = e.seq WHERE e.trace_id = ? ORDER BY e.seq`).all(traceId) as OracleExit[];
}

const ATTR: Record<Exclude<ExitSortKey, 'time' | 'latency'>, keyof OracleExit> = {
  vcpu: 'vcpu', reason: 'reason', form: 'form_id', port: 'port', device: 'device', location: 'device_location',
  direction: 'direction', size: 'size', mechanism: 'mechanism',
};

/** The page semantics written out plainly: filter, then order by (value, nulls last; then seq), latency of imports by (latency, kind, seq). */
export function oraclePage(exits: OracleExit[], f: ExitFilter, key: ExitSortKey, dir: SortDir, measure: 'ns' | 'cycles', offset: number, limit: number): number[] {
  const m = (e: OracleExit): number | null => (measure === 'cycles' ? e.cost_total : e.latency_ns);
  const text = f.text?.trim().toLowerCase();
  const hit = (e: OracleExit): boolean =>
    (f.reasons === undefined || f.reasons.includes(e.reason)) &&
    (f.forms === undefined || f.forms.includes(e.form_id ?? -1)) &&
    (f.ports === undefined || (e.port !== null && e.port >= f.ports.lo && e.port <= f.ports.hi)) &&
    (f.devices === undefined || (e.device !== null && f.devices.includes(e.device))) &&
    (f.locations === undefined || (e.device_location !== null && f.locations.includes(e.device_location))) &&
    (f.vcpus === undefined || f.vcpus.includes(e.vcpu)) &&
    (f.mechanisms === undefined || (e.mechanism !== null && f.mechanisms.includes(e.mechanism))) &&
    (f.measure?.min === undefined || (m(e) !== null && m(e)! >= f.measure.min)) &&
    (f.measure?.max === undefined || (m(e) !== null && m(e)! <= f.measure.max)) &&
    (f.fromNs === undefined || e.time_ns >= f.fromNs) &&
    (f.toNs === undefined || e.time_ns <= f.toNs) &&
    (text === undefined || text === '' || [e.reason, e.reason_native, e.mnemonic, e.device, e.device_location, e.mechanism, e.port === null ? null : `0x${e.port.toString(16)}`]
      .some((s) => s !== null && s.toLowerCase().includes(text)));
  const rows = exits.filter(hit);
  const sgn = dir === 'asc' ? 1 : -1;
  const cmpVal = (a: string | number | null, b: string | number | null): number =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : (a < b ? -1 : 1) * sgn;
  if (key === 'time') rows.sort((a, b) => (a.seq - b.seq) * sgn);
  else if (key === 'latency' && measure === 'ns' && exits.some((e) => e.own_latency !== null)) {
    rows.sort((a, b) => {
      if ((a.latency_ns === null) !== (b.latency_ns === null)) return a.latency_ns === null ? 1 : -1;
      if (a.latency_ns === null) return a.seq - b.seq;
      return ((a.latency_ns - b.latency_ns!) || (a.kind - b.kind) || (a.seq - b.seq)) * sgn;
    });
  } else {
    const get = key === 'latency' ? m : (e: OracleExit) => e[ATTR[key]] as string | number | null;
    rows.sort((a, b) => cmpVal(get(a), get(b)) || a.seq - b.seq);
  }
  return rows.slice(offset, offset + limit).map((e) => e.seq);
}
