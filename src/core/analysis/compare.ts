// Two or more traces side by side (the compare view, `exitscope compare`): per exit reason, port
// group, device and port-I/O form, each trace's exits, port operations, exits per second, p50,
// p99 and total, and the delta of every later trace against the first; plus their latency
// histograms on the common log2 buckets with cumulative shares (a CDF). Everything is read from
// the summary tables written when each trace was stored: no exit is scanned.
// Reasons and port groups are in ns (measured latency for imports, priced cost for emulated and
// derived traces — each trace says which); devices are keyed by the well-known device of the
// port (so an import and an emulated run name the same device alike) with counts and total ns;
// forms carry priced cost in guest cycles (unknown for imported traces, which are not priced).
import type { TraceKind } from '../../shared/dto';
import type {
  CompareDelta, CompareDimension, CompareMeasure, CompareRow, CompareTable, ComparedTrace, TraceComparison,
} from '../../shared/compare';
import { COMPARE_MAX_TRACES } from '../../shared/compare';
import { ExitScopeError } from '../errors';
import { deviceForPort } from '../trace/port-names';
import type { Db } from '../trace/store/open-trace-db';
import { HISTOGRAM_BUCKETS_PER_OCTAVE, histogramBucketEdges } from '../trace/store/summarize';
import { latencyMeaning, traceKindFacts } from './latency-meaning';

interface TraceRow { id: number; name: string; kind: TraceKind; exit_count: number; first_ns: number | null; last_ns: number | null }

/** A group's figures before the rate is known. */
type Group = Omit<CompareMeasure, 'ratePerS'> & { label: string };

const hexPort = (p: number): string => `0x${p.toString(16)}`;

function reasonGroups(db: Db, traceId: number): Map<string, Group> {
  const rows = db.prepare('SELECT reason, count, p50_ns, p99_ns, total_ns, closed FROM summary_reason WHERE trace_id = ?').all(traceId) as
    { reason: string; count: number; p50_ns: number | null; p99_ns: number | null; total_ns: number; closed: number }[];
  return new Map(rows.map((r) => [r.reason, { label: r.reason, count: r.count, ops: null, p50: r.p50_ns, p99: r.p99_ns, total: r.closed ? r.total_ns : null }]));
}

interface PortRow { port: number; direction: string; size: number; device: string | null; count: number; closed: number; ops: number | null; p50_ns: number | null; p99_ns: number | null; total_ns: number }

function portRows(db: Db, traceId: number): PortRow[] {
  return db.prepare('SELECT port, direction, size, device, count, closed, ops, p50_ns, p99_ns, total_ns FROM summary_port WHERE trace_id = ?').all(traceId) as PortRow[];
}

function portGroups(rows: readonly PortRow[]): Map<string, Group> {
  return new Map(rows.map((r) => {
    const device = deviceForPort(r.port) ?? r.device;
    return [`${hexPort(r.port)}/${r.direction}/${r.size}`, {
      label: [hexPort(r.port), device, `${r.direction}/${r.size}`].filter(Boolean).join(' '),
      count: r.count, ops: r.ops, p50: r.p50_ns, p99: r.p99_ns, total: r.closed ? r.total_ns : null,
    }];
  }));
}

function deviceGroups(rows: readonly PortRow[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const r of rows) {
    const name = deviceForPort(r.port) ?? r.device ?? 'unassigned ports';
    const g = out.get(name) ?? { label: name, count: 0, ops: 0, p50: null, p99: null, total: null };
    g.count += r.count;
    g.ops = g.ops === null || r.ops === null ? null : g.ops + r.ops;
    if (r.closed) g.total = (g.total ?? 0) + r.total_ns;
    out.set(name, g);
  }
  return out;
}

function formGroups(db: Db, traceId: number): Map<string, Group> {
  const rows = db.prepare('SELECT form_id, mnemonic, exits, ops, priced, cost_p50, cost_p99, cost_total FROM summary_form WHERE trace_id = ?').all(traceId) as
    { form_id: number; mnemonic: string; exits: number; ops: number; priced: number; cost_p50: number | null; cost_p99: number | null; cost_total: number | null }[];
  return new Map(rows.map((r) => [String(r.form_id), {
    label: r.mnemonic, count: r.exits, ops: r.ops, p50: r.priced ? r.cost_p50 : null, p99: r.priced ? r.cost_p99 : null, total: r.priced ? r.cost_total : null,
  }]));
}

const sub = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

function delta(base: CompareMeasure | null, other: CompareMeasure | null): CompareDelta {
  const zero: CompareMeasure = { count: 0, ops: 0, ratePerS: 0, p50: null, p99: null, total: 0 };
  const a = base ?? zero;
  const b = other ?? zero;
  return { count: b.count - a.count, ops: sub(b.ops, a.ops), ratePerS: sub(b.ratePerS, a.ratePerS), p50: sub(b.p50, a.p50), p99: sub(b.p99, a.p99), total: sub(b.total, a.total) };
}

function table(dimension: CompareDimension, unit: 'ns' | 'cycles', derivation: string, perTrace: Map<string, Group>[], seconds: (number | null)[]): CompareTable {
  const keys = new Map<string, { label: string; weight: number }>();
  for (const groups of perTrace) {
    for (const [key, g] of groups) {
      const k = keys.get(key) ?? { label: g.label, weight: 0 };
      k.weight += g.count + (g.ops ?? 0);
      keys.set(key, k);
    }
  }
  const rows: CompareRow[] = [...keys.entries()]
    .sort((x, y) => y[1].weight - x[1].weight || (x[0] < y[0] ? -1 : 1))
    .map(([key, { label }]) => {
      const values = perTrace.map((groups, i): CompareMeasure | null => {
        const g = groups.get(key);
        if (!g) return null;
        const s = seconds[i] ?? null;
        return { count: g.count, ops: g.ops, ratePerS: s ? g.count / s : null, p50: g.p50, p99: g.p99, total: g.total };
      });
      return { key, label, values, deltas: values.slice(1).map((v) => delta(values[0] ?? null, v)) };
    });
  return { dimension, unit, derivation, rows };
}

function histograms(db: Db, ids: readonly number[]): TraceComparison['histogram'] {
  const perTrace = ids.map((id) => new Map((db.prepare('SELECT bucket, count FROM summary_histogram WHERE trace_id = ?').all(id) as { bucket: number; count: number }[]).map((r) => [r.bucket, r.count])));
  const all = perTrace.flatMap((m) => [...m.keys()]);
  const totals = perTrace.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const buckets: TraceComparison['histogram']['buckets'] = [];
  if (all.length > 0) {
    const indexes: number[] = [];
    if (all.includes(-1)) indexes.push(-1);
    const used = all.filter((b) => b >= 0);
    if (used.length > 0) for (let i = Math.min(...used); i <= Math.max(...used); i++) indexes.push(i);
    const running = ids.map(() => 0);
    for (const index of indexes) {
      const counts = perTrace.map((m) => m.get(index) ?? 0);
      counts.forEach((c, t) => (running[t]! += c));
      buckets.push({ index, ...histogramBucketEdges(index), counts, cdf: running.map((r, t) => (totals[t] ? r / totals[t]! : 0)) });
    }
  }
  const B = HISTOGRAM_BUCKETS_PER_OCTAVE;
  return {
    bucketsPerOctave: B,
    derivation: `the traces' stored latency histograms on common log2 buckets (${B} per octave, bucket i = [2^(i/${B}), 2^((i+1)/${B})) ns); ` +
      'CDF = share of the trace\u2019s exits with a latency in this bucket or below; each trace says what its latency is',
    buckets,
  };
}

export function compareTraces(db: Db, traceIds: readonly number[]): TraceComparison {
  if (traceIds.length < 2) throw new ExitScopeError('ValidationError', `compare needs at least two traces, got ${traceIds.length}`);
  if (traceIds.length > COMPARE_MAX_TRACES) throw new ExitScopeError('ValidationError', `compare takes at most ${COMPARE_MAX_TRACES} traces, got ${traceIds.length}`);
  const traces: ComparedTrace[] = [];
  const seconds: (number | null)[] = [];
  for (const id of traceIds) {
    const row = db.prepare('SELECT id, name, kind, exit_count, first_ns, last_ns FROM traces WHERE id = ?').get(id) as TraceRow | undefined;
    if (!row) throw new ExitScopeError('NotFound', `no trace with id ${id}`);
    const facts = traceKindFacts(db, id)!;
    const durationNs = row.first_ns !== null && row.last_ns !== null ? row.last_ns - row.first_ns : 0;
    const s = durationNs > 0 ? durationNs / 1e9 : null;
    seconds.push(s);
    traces.push({
      id, name: row.name, kind: row.kind, exits: row.exit_count, durationNs, ratePerS: s ? row.exit_count / s : null,
      mechanism: facts.mechanism, profileId: facts.profileId, workload: facts.workload, latencyMeaning: latencyMeaning(facts),
    });
  }
  const ports = traceIds.map((id) => portRows(db, id));
  const rate = 'exits per second = exits ÷ the trace\u2019s time span (first exit to the end of the last)';
  return {
    traces,
    tables: [
      table('reason', 'ns', `per canonical exit reason: exits, ${rate}, nearest-rank p50/p99 and Σ latency of the closed exits (ns)`, traceIds.map((id) => reasonGroups(db, id)), seconds),
      table('port', 'ns', 'per port, direction and size: exits filed under the port, port operations on it (each operation of a ring or batched exit on its own port), ' +
        `${rate}, p50/p99 and Σ latency (ns)`, ports.map(portGroups), seconds),
      table('device', 'ns', 'per device (the well-known device of each port, else the name the trace gave it): Σ of its port groups\u2019 exits, operations and ' +
        'latency (ns); percentiles are kept per port group, not per device', ports.map(deviceGroups), seconds),
      table('form', 'cycles', 'per port-I/O form: exits and operations, nearest-rank p50/p99 and Σ of the priced cost per exit (guest cycles of each trace\u2019s ' +
        'profile); imported traces are not priced (unknown)', traceIds.map((id) => formGroups(db, id)), seconds),
    ],
    histogram: histograms(db, traceIds),
  };
}
