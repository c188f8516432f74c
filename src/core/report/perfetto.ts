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

interface KindRow {
  kind: number; vcpu: number; reason: string; reason_native: string; mnemonic: string | null; port: number | null; size: number | null;
  direction: string | null; device: string | null; device_location: string | null; mechanism: string | null;
  cost_entry: number | null; cost_dispatch: number | null; cost_fetch: number | null; cost_decode: number | null; cost_permission: number | null;
  cost_userspace: number | null; cost_emulate: number | null; cost_resume: number | null; cost_total: number | null;
}

const COSTS = ['cost_entry', 'cost_dispatch', 'cost_fetch', 'cost_decode', 'cost_permission', 'cost_userspace', 'cost_emulate', 'cost_resume', 'cost_total'] as const;

/** What every exit of a kind shares, as JSON fragments written once per kind, not once per exit. */
interface KindText { head: string; args: string; isIo: boolean }

function kindText(k: KindRow, pid: number): KindText {
  const args: Record<string, string | number> = { reason: k.reason, native: k.reason_native };
  if (k.port !== null) {
    args.port = hex(k.port);
    if (k.mnemonic !== null) args.form = k.mnemonic;
    if (k.direction !== null) args.direction = k.direction;
    if (k.size !== null) args.size = k.size;
    if (k.device !== null) args.device = k.device;
    if (k.device_location !== null) args.location = k.device_location;
  }
  if (k.mechanism !== null) args.mechanism = k.mechanism;
  for (const c of COSTS) if (k[c] !== null) args[`${c.slice(5)}_cycles`] = k[c]!;
  const name = k.port !== null && k.mnemonic !== null ? `${k.reason} ${k.mnemonic}` : k.reason;
  return { head: `{"name":${JSON.stringify(name)},"cat":"exit","pid":${pid},"tid":${k.vcpu + 1},"ts":`, args: JSON.stringify(args).slice(1), isIo: k.port !== null };
}

/** ns → µs as a JSON number with the ns as three decimals (exact, no float rounding). */
export function micros(ns: number): string {
  const neg = ns < 0;
  const a = Math.abs(Math.round(ns));
  const s = `${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}`;
  return neg ? `-${s}` : s;
}

const hex = (v: number): string => (v < 0 ? `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}` : `0x${v.toString(16)}`);

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
  const kinds = new Map<number, KindText>();
  const kindRows = db.prepare(`SELECT kind, vcpu, reason, reason_native, mnemonic, port, size, direction, device, device_location, mechanism,
    ${COSTS.join(', ')} FROM exit_kinds WHERE trace_id = ?`).all(traceId) as KindRow[];
  for (const k of kindRows) kinds.set(k.kind, kindText(k, pid));
  // Per exit: its own sequence, time, and the values an exit may override (COALESCE as the views).
  const stmt = db.prepare(`SELECT r.seq, r.time_ns, r.kind, COALESCE(r.rip, k.rip), COALESCE(r.count, k.count), COALESCE(r.value, k.value),
    COALESCE(r.latency_ns, k.latency_ns) FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind
    WHERE r.trace_id = ? ORDER BY r.seq`).raw(true);
  const rate = new Map<number, number>();
  let n = 0;
  type Row = [number, number, number, number | null, number | null, number | null, number | null];
  for (const [seq, time, kind, rip, count, value, latency] of stmt.iterate(traceId) as IterableIterator<Row>) {
    const k = kinds.get(kind)!;
    let own = `{"seq":${seq}`;
    if (rip !== null) own += `,"rip":"${hex(rip)}"`;
    if (k.isIo) {
      if (count !== null) own += `,"count":${count}`;
      if (value !== null) own += `,"value":"${hex(value)}"`;
    }
    const ev = latency === null
      ? `${k.head}${micros(time)},"ph":"i","s":"t","args":${own},"latency":"unknown (never closed)",${k.args}}`
      : `${k.head}${micros(time)},"ph":"X","dur":${micros(latency)},"args":${own},${k.args}}`;
    await sink.write(',\n' + ev);
    const w = Math.floor(time / window);
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
