// One trace's exits as Chrome Trace Event JSON (the "JSON object format" that ui.perfetto.dev,
// chrome://tracing and Perfetto's trace processor load): a process per VM (pid = the trace id)
// and a thread per vCPU (tid = vCPU + 1: tid 0 is the idle task to trace processors), each
// named with "M" metadata events; every exit a complete event (ph "X") named by its reason and,
// for port I/O, its form ("IO_INSTRUCTION out dx, al"), with ts and dur in microseconds (ns
// kept as three decimals) and the exit's port, size, value, device, location and cost components
// as args; exits without a latency are instant events (ph "i", thread scope). Times are the
// guest clock for emulated runs and the trace's timestamps for imports. A counter track ("C")
// gives the exit rate per second over windows of a power of ten seconds (≥ 1/100 of the trace).
// Exits are streamed in sequence order (per vCPU their times only grow), never all held.
import { ExitScopeError } from '../errors';
import type { Db } from '../trace/store/open-trace-db';
import type { ReportProgress } from './build-report';
import { cancelledError } from './latency-moments';
import type { TextSink } from './text-sink';

interface Row {
  seq: number; time_ns: number; vcpu: number; rip: number | null; reason: string; reason_native: string; mnemonic: string | null;
  port: number | null; size: number | null; direction: string | null; count: number | null; value: number | null; device: string | null;
  device_location: string | null; latency_ns: number | null; mechanism: string | null;
  cost_entry: number | null; cost_dispatch: number | null; cost_fetch: number | null; cost_decode: number | null; cost_permission: number | null;
  cost_userspace: number | null; cost_emulate: number | null; cost_resume: number | null; cost_total: number | null;
}

const COSTS = ['cost_entry', 'cost_dispatch', 'cost_fetch', 'cost_decode', 'cost_permission', 'cost_userspace', 'cost_emulate', 'cost_resume', 'cost_total'] as const;

/** ns → µs as a JSON number with the ns as three decimals (exact, no float rounding). */
export function micros(ns: number): string {
  const neg = ns < 0;
  const a = Math.abs(Math.round(ns));
  const s = `${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}`;
  return neg ? `-${s}` : s;
}

const hex = (v: number): string => `0x${v.toString(16)}`;

/** The counter window: a power of ten ns, ≤ 1 s and ≥ 1 µs, giving at least 100 windows (at most 100,000) over the trace. */
export function rateWindowNs(durationNs: number): number {
  let w = 1e9;
  while (w > 1e3 && durationNs / w < 100) w /= 10;
  while (durationNs / w > 1e5) w *= 10;
  return w;
}

const windowLabel = (w: number): string => (w >= 1e9 ? `${w / 1e9} s` : w >= 1e6 ? `${w / 1e6} ms` : `${w / 1e3} µs`);

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function writePerfetto(db: Db, traceId: number, sink: TextSink, opts: { signal?: AbortSignal; onProgress?: (p: ReportProgress) => void } = {}): Promise<number> {
  const t = db.prepare('SELECT id, name, kind, exit_count, first_ns, last_ns FROM traces WHERE id = ?').get(traceId) as
    { id: number; name: string; kind: string; exit_count: number; first_ns: number | null; last_ns: number | null } | undefined;
  if (!t) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const pid = t.id;
  const timeBase = t.kind === 'emulated' ? 'guest clock' : t.kind === 'derived' ? 'source trace timestamps' : 'trace timestamps';
  const vcpus = (db.prepare('SELECT DISTINCT vcpu FROM exit_kinds WHERE trace_id = ? ORDER BY vcpu').all(traceId) as { vcpu: number }[]).map((r) => r.vcpu);
  const window = rateWindowNs(t.first_ns !== null && t.last_ns !== null ? t.last_ns - t.first_ns : 0);
  await sink.write(`{"displayTimeUnit":"ns","otherData":${JSON.stringify({
    generator: 'exitscope', traceId: t.id, trace: t.name, kind: t.kind, timeBase, exits: t.exit_count,
    tracks: 'pid = trace id (the VM), tid = vCPU + 1', rateWindowNs: window,
  })},"traceEvents":[\n`);
  const meta = [
    { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `VM · ${t.name} (trace ${t.id}, ${timeBase})` } },
    ...vcpus.flatMap((v) => [
      { name: 'thread_name', ph: 'M', pid, tid: v + 1, args: { name: `vCPU ${v}` } },
      { name: 'thread_sort_index', ph: 'M', pid, tid: v + 1, args: { sort_index: v } },
    ]),
  ];
  await sink.write(meta.map((e) => JSON.stringify(e)).join(',\n'));
  const stmt = db.prepare(`SELECT seq, time_ns, vcpu, rip, reason, reason_native, mnemonic, port, size, direction, count, value, device,
    device_location, latency_ns, mechanism, ${COSTS.join(', ')} FROM exits_priced WHERE trace_id = ? ORDER BY seq`);
  const rate = new Map<number, number>();
  let n = 0;
  for (const r of stmt.iterate(traceId) as IterableIterator<Row>) {
    const args: Record<string, string | number> = { seq: r.seq, reason: r.reason, native: r.reason_native };
    if (r.rip !== null) args.rip = hex(r.rip);
    if (r.port !== null) {
      args.port = hex(r.port);
      if (r.mnemonic !== null) args.form = r.mnemonic;
      if (r.direction !== null) args.direction = r.direction;
      if (r.size !== null) args.size = r.size;
      if (r.count !== null) args.count = r.count;
      if (r.value !== null) args.value = hex(r.value);
      if (r.device !== null) args.device = r.device;
      if (r.device_location !== null) args.location = r.device_location;
    }
    if (r.mechanism !== null) args.mechanism = r.mechanism;
    for (const c of COSTS) if (r[c] !== null) args[`${c.slice(5)}_cycles`] = r[c]!;
    const name = r.port !== null && r.mnemonic !== null ? `${r.reason} ${r.mnemonic}` : r.reason;
    const ts = micros(r.time_ns);
    const common = `"name":${JSON.stringify(name)},"cat":"exit","pid":${pid},"tid":${r.vcpu + 1},"ts":${ts}`;
    const ev = r.latency_ns === null
      ? `{${common},"ph":"i","s":"t","args":${JSON.stringify({ ...args, latency: 'unknown (never closed)' })}}`
      : `{${common},"ph":"X","dur":${micros(r.latency_ns)},"args":${JSON.stringify(args)}}`;
    await sink.write(',\n' + ev);
    const w = Math.floor(r.time_ns / window);
    rate.set(w, (rate.get(w) ?? 0) + 1);
    if (++n % 65536 === 0) {
      opts.onProgress?.({ stage: `trace ${traceId}`, done: n, total: t.exit_count });
      await tick();
      if (opts.signal?.aborted) throw cancelledError('the Perfetto export');
    }
  }
  // The counter: one sample per window from the first to the last, empty windows as 0.
  const windows = [...rate.keys()].sort((a, b) => a - b);
  if (windows.length > 0) {
    const perSecond = 1e9 / window;
    const name = `exits per second (${windowLabel(window)} windows)`;
    for (let w = windows[0]!; w <= windows[windows.length - 1]! + 1; w++) {
      const exits = rate.get(w) ?? 0;
      await sink.write(`,\n{"name":${JSON.stringify(name)},"ph":"C","pid":${pid},"tid":0,"ts":${micros(w * window)},"args":{"exits/s":${exits * perSecond}}}`);
    }
  }
  opts.onProgress?.({ stage: `trace ${traceId}`, done: n, total: t.exit_count });
  await sink.write('\n]}\n');
  return n;
}
