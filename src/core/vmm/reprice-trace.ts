// Re-pricing a stored trace — an emulated run or an imported KVM trace — under another
// mechanism and/or CPU profile, without running the guest again. Each port-I/O exit of the
// source is priced again with the same form, port, element count and device location
// (cost/reprice.ts: opOfRecord + factsUnder, decode steps from the reference decoder) and
// stored as a derived trace linked to its source (traces.derived_from). Exits that are not port
// I/O, or whose form the source could not tell (e.g. SVM IN/OUT without instruction bytes),
// are counted and left out. Where the source does not know a port's device location (an
// imported trace without kvm_userspace_exit), nothing is assumed: the caller's port map
// (`--device PORT=kernel|userspace`) says it, or the re-price is refused naming the ports.
// Latencies are the priced cycles on the profile's clock, or null when the profile publishes no
// clock (the cycle columns are always there). The profile's era decides whether a hardware exit
// decodes a non-string IN (no kvm_fast_pio_in). A string exit is priced as one exit of its stored
// element count: the stored record does not say how KVM's emulator would have split it into
// exits (runs under vmx/svm record each such exit).
import { COMPONENT_INDEX, COMPONENTS, cyclesToNs, eraOf, factsUnder, opOfRecord, priceExitCycles } from '../cost/index';
import type { Mechanism, Profile } from '../cost/index';
import { ExitScopeError } from '../errors';
import { NO_COST } from '../trace/exit-record';
import type { ExitRecord } from '../trace/exit-record';
import { openTraceDb } from '../trace/store/open-trace-db';
import { recordRun } from '../trace/store/record-run';

export interface RepriceResult {
  traceId: number;
  repriced: number;
  /** Exits of the source left out: not port I/O, or the form is unknown. */
  skipped: { notIo: number; unknownForm: number };
  exitCycles: number;
}

interface SourceRow {
  seq: number; time_ns: number; vcpu: number; rip: number | null; form_id: number | null; mnemonic: string | null; port: number | null;
  port_source: 'imm8' | 'dx' | null; size: number | null; direction: 'in' | 'out' | null; is_string: number | null; is_rep: number | null;
  count: number | null; value: number | null; device: string | null; device_location: 'kernel' | 'userspace' | null;
}

const HYPERCALL_PATHS: readonly Mechanism[] = ['hypercall', 'batched', 'ring'];
const C = COMPONENT_INDEX;

export async function repriceTrace(dbPath: string, sourceId: number, mechanism: Mechanism, profile: Profile,
  portLocations: ReadonlyMap<number, 'kernel' | 'userspace'> = new Map()): Promise<RepriceResult> {
  const reader = openTraceDb(dbPath, { create: false, readonly: true });
  try {
    const source = reader.prepare('SELECT name FROM traces WHERE id = ?').get(sourceId) as { name: string } | undefined;
    if (!source) throw new ExitScopeError('NotFound', `no trace with id ${sourceId}`);
    const unknown = (reader.prepare(`SELECT DISTINCT port, device FROM exits WHERE trace_id = ? AND port IS NOT NULL
      AND form_id IS NOT NULL AND device_location IS NULL ORDER BY port`).all(sourceId) as { port: number; device: string | null }[])
      .filter((u) => !portLocations.has(u.port));
    if (unknown.length > 0) {
      const hex = (p: number): string => `0x${p.toString(16)}`;
      throw new ExitScopeError('ValidationError', `trace ${sourceId} does not show where the device model of ` +
        `${unknown.map((u) => `port ${hex(u.port)}${u.device ? ` (${u.device})` : ''}`).join(', ')} ran (in the kernel or in userspace: ` +
        'no kvm_userspace_exit was recorded for it), and re-pricing will not guess: say it with ' +
        `${unknown.map((u) => `--device ${hex(u.port)}=kernel|userspace`).join(' ')}`);
    }
    const rows = reader.prepare(`
      SELECT seq, time_ns, vcpu, rip, form_id, mnemonic, port, port_source, size, direction, is_string, is_rep, count, value, device, device_location
      FROM exits WHERE trace_id = ? ORDER BY seq`);
    const skipped = { notIo: 0, unknownForm: 0 };
    let exitCycles = 0;
    const costs = new Float64Array(COMPONENTS.length);
    const decodeNonStringIn = !eraOf(profile).fastPioIn;
    const stored = await recordRun(dbPath, {
      name: `${source.name} repriced ${mechanism} ${profile.id}`,
      format: 'exitscope-reprice',
      meta: { repricedFrom: sourceId, mechanism, profile: profile.id },
      derivedFrom: sourceId,
    }, async (sink) => {
      for (const r of rows.iterate(sourceId) as IterableIterator<SourceRow>) {
        if (r.port === null) { skipped.notIo++; continue; }
        const op = opOfRecord({ formId: r.form_id, count: r.count, port: r.port });
        if (!op) { skipped.unknownForm++; continue; }
        const location = r.device_location ?? portLocations.get(r.port)!;
        const total = priceExitCycles(factsUnder(mechanism, [op], location, { stringIo: profile.stringIo.mode, decodeNonStringIn }), profile, costs);
        exitCycles += total;
        const hyper = HYPERCALL_PATHS.includes(mechanism);
        const rec: ExitRecord = {
          seq: r.seq, timeNs: r.time_ns, vcpu: r.vcpu, rip: r.rip, cpl: null, insnBytes: null,
          reason: hyper ? 'HYPERCALL' : 'IO_INSTRUCTION', reasonNative: hyper ? 'VMCALL' : mechanism === 'trap' ? '#GP' : mechanism === 'svm' ? 'io' : 'IO_INSTRUCTION',
          isa: mechanism === 'svm' ? 'svm' : mechanism === 'vmx' ? 'vmx' : null, reasonCode: null,
          formId: r.form_id, mnemonic: r.mnemonic, port: r.port, portSource: r.port_source, size: r.size, direction: r.direction,
          isString: r.is_string === null ? null : r.is_string === 1, isRep: r.is_rep === null ? null : r.is_rep === 1, count: r.count,
          addrSize: null, segment: null, value: r.value, bufferAddr: null, device: r.device, deviceLocation: location, mechanism,
          info1: null, info2: null, errorCode: null, latencyNs: cyclesToNs(total, profile), line: null, emulated: false,
          ...NO_COST,
          costEntry: costs[C.entry]!, costDispatch: costs[C.dispatch]!, costFetch: costs[C.fetch]!, costDecode: costs[C.decode]!,
          costPermission: costs[C.permission]!, costUserspace: costs[C.userspace]!, costEmulate: costs[C.emulate]!,
          costResume: costs[C.resume]!, costTotal: total,
        };
        sink.push(rec);
      }
      return { cancelled: false, meta: { skipped, exitCycles } };
    });
    return { traceId: stored.traceId, repriced: stored.exits, skipped, exitCycles };
  } finally {
    reader.close();
  }
}
