// Assembles the report of one or more traces (a run group when they are runs of one group) from
// the store: facts, exits by reason, port and form with latency figures (the summaries, plus mean
// ± stddev from one streamed pass per trace: latency-moments.ts), the histogram, the slowest
// exits, the cost components per form with the profile parameters behind them, the derived-trace
// link and the group's savings. Nothing holds every exit: the summaries are read, the exits are
// only streamed for their moments. Progress is reported per trace and per 128k exits; an aborted
// signal stops it with a Cancelled error.
import type { Profile } from '../cost/index';
import type { DerivedResultInfo } from '../../shared/runs';
import { COST_COMPONENTS } from '../../shared/runs';
import type { Db } from '../trace/store/open-trace-db';
import { ExitScopeError } from '../errors';
import { getTraceSummary, slowestExits } from '../trace/store/trace-queries';
import { componentTotals, formSummary } from '../trace/store/run-summaries';
import { latencyHistogram } from '../analysis/histogram';
import { formTotals, latencyBuckets, representativeExits } from '../analysis/queries';
import { parseRunMeta, runInfoOf } from '../analysis/run-meta';
import type { RunMeta } from '../analysis/run-meta';
import { runSavings } from '../analysis/run-savings';
import { formKey } from '../analysis/savings';
import { componentSources, SOURCES_DERIVATION } from '../analysis/sources';
import { cancelledError, latencyMoments, portKey, stddevOf } from './latency-moments';
import type { Moments } from './latency-moments';
import { REPORT_SCHEMA, REPORT_SCHEMA_VERSION } from './report-types';
import type { CostSection, DerivedLink, FormCost, LatencyFigures, Report, TraceFacts, TraceReport } from './report-types';
import type { LatencyStats, TraceKind, TraceStatus } from '../../shared/dto';
import type { ParamSourceInfo } from '../../shared/runs';

export interface ReportProgress {
  /** What is being done: 'trace N' while a trace is read. */
  stage: string;
  /** Exits read so far, over all traces, and how many there are. */
  done: number;
  total: number;
}

export interface BuildReportOptions {
  version: string;
  /** The CPU profile of a run, by id (null when not loaded here). */
  profileOf: (id: string) => Profile | null;
  /** A workload's derived results (its catalogue entry), for the savings table. */
  resultsOf: (workload: string) => readonly DerivedResultInfo[];
  slowestLimit?: number;
  signal?: AbortSignal;
  onProgress?: (p: ReportProgress) => void;
  /** Fixed time stamp (tests); default now. */
  now?: Date;
}

export const REPORT_DERIVATIONS: Report['derivations'] = {
  latency: 'imported traces: time of the kvm_entry that closed the exit minus the time of its kvm_exit on the same vCPU thread (exits never closed have none); ' +
    'emulated runs: the exit\u2019s priced cost (Σ of its eight components, cycles) at the profile\u2019s clock',
  percentiles: 'nearest rank: pN is the value at rank ceil(N/100 × n) of the n closed exits in ascending order',
  stddev: 'mean ± population standard deviation of the closed exits\u2019 latencies, from one pass over the stored exits',
  timeShare: 'the group\u2019s Σ latency ÷ Σ latency of every closed exit of the trace (share of the time spent in exits)',
  histogram: 'log2 buckets, four per octave: bucket i holds latencies in [2^(i/4), 2^((i+1)/4)) ns',
  slowest: 'the exits with the longest latency, ties by sequence number',
  forms: 'exits per port-I/O form (decoded from the instruction bytes, or known by the emulated hypervisor); cost Σ of cost_total, cycles',
  costs: 'per form: Σ cost_<component> over its exits, cycles; each component\u2019s parameters are those priceExit used for the form\u2019s first stored exit',
};

interface TraceRow {
  id: number; name: string; kind: TraceKind; status: TraceStatus; format: string; source_path: string | null; created_at: string;
  derived_from: number | null; line_count: number; skipped_lines: number; exit_count: number; io_exit_count: number; vcpu_count: number;
  first_ns: number | null; last_ns: number | null; meta_json: string;
}

function traceRow(db: Db, id: number): TraceRow {
  const row = db.prepare('SELECT * FROM traces WHERE id = ?').get(id) as TraceRow | undefined;
  if (!row) throw new ExitScopeError('NotFound', `no trace with id ${id}`);
  return row;
}

function rawMeta(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const textOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function figures(s: LatencyStats, m: Moments | undefined, allTotal: number): LatencyFigures {
  return {
    count: s.count, closed: s.closed, minNs: s.minNs, p50Ns: s.p50Ns, p90Ns: s.p90Ns, p99Ns: s.p99Ns, maxNs: s.maxNs,
    meanNs: s.meanNs, stddevNs: m ? stddevOf(m) : null, totalNs: s.totalNs, timeShare: allTotal > 0 ? s.totalNs / allTotal : null,
  };
}

function factsOf(row: TraceRow, meta: RunMeta, raw: Record<string, unknown>, userspaceExits: number, profile: Profile | null): TraceFacts {
  const run = runInfoOf(meta);
  const emulated = row.kind !== 'imported';
  const host = textOf(raw.host) ?? (emulated && meta.mechanism !== null
    ? `emulated i386 PC under the ${meta.mechanism} hypervisor model${profile ? `, profile ${profile.id} (${profile.cpu.model})` : meta.profileId ? `, profile ${meta.profileId}` : ''}`
    : null);
  const guest = textOf(raw.guest) ?? (meta.workload !== null ? `workload ${meta.workload}${textOf(raw.build) ? ` (${textOf(raw.build)} build)` : ''}` : null);
  return {
    id: row.id, name: row.name, kind: row.kind, status: row.status, format: row.format, sourcePath: row.source_path, createdAt: row.created_at,
    host, guest, vcpus: row.vcpu_count, exits: row.exit_count, ioExits: row.io_exit_count, userspaceExits,
    firstNs: row.first_ns, lastNs: row.last_ns, durationNs: row.first_ns !== null && row.last_ns !== null ? row.last_ns - row.first_ns : 0,
    timeBase: row.kind === 'emulated' ? 'guest' : 'trace', lines: row.line_count, skippedLines: row.skipped_lines,
    run, cpuHz: meta.cpuHz, guestCycles: meta.guestCycles, exitCycles: meta.exitCycles,
  };
}

function costSection(db: Db, traceId: number, meta: RunMeta, profile: Profile | null): CostSection | null {
  const totals = componentTotals(db, traceId);
  if (meta.mechanism === null || meta.profileId === null || totals.total === undefined) return null;
  const reps = new Map(representativeExits(db, traceId).map((x) => [formKey(x.formId), x]));
  const params = new Map<string, ParamSourceInfo>();
  const forms: FormCost[] = formTotals(db, traceId).map((f) => {
    const key = formKey(f.formId);
    const rep = reps.get(key);
    const sources = profile !== null && rep !== undefined ? componentSources(rep, profile, meta.mechanism) : [];
    for (const s of sources) for (const p of s.params) params.set(p.id, p);
    return { key, formId: f.formId, label: f.label, exits: f.exits, cycles: f.cycles, totalCycles: f.totalCycles, sources };
  });
  return {
    mechanism: meta.mechanism, profileId: meta.profileId,
    profile: profile === null ? null : { id: profile.id, title: profile.title, cpu: profile.cpu.model, clockHz: profile.cpu.clock.mhz === null ? null : profile.cpu.clock.mhz * 1e6, origin: profile.origin },
    forms, componentTotals: totals, parameters: [...params.values()].sort((a, b) => a.id.localeCompare(b.id)),
    sourcesDerivation: profile === null ? `profile ${meta.profileId} is not loaded here: its parameters cannot be shown` : SOURCES_DERIVATION,
  };
}

function derivedLink(db: Db, row: TraceRow, meta: RunMeta, raw: Record<string, unknown>): DerivedLink | null {
  if (row.kind !== 'derived') return null;
  const sourceId = row.derived_from ?? (typeof raw.repricedFrom === 'number' ? raw.repricedFrom : null);
  const src = sourceId === null ? undefined : (db.prepare('SELECT id, name, kind, meta_json FROM traces WHERE id = ?').get(sourceId) as { id: number; name: string; kind: TraceKind; meta_json: string } | undefined);
  const srcMeta = src ? parseRunMeta(src.meta_json) : null;
  const skippedRaw = raw.skipped as { notIo?: unknown; unknownForm?: unknown } | undefined;
  const skipped = skippedRaw && typeof skippedRaw.notIo === 'number' && typeof skippedRaw.unknownForm === 'number'
    ? { notIo: skippedRaw.notIo, unknownForm: skippedRaw.unknownForm } : null;
  const was = src ? `${src.kind} trace ${src.id} "${src.name}"${srcMeta?.mechanism ? ` (${srcMeta.mechanism}${srcMeta.profileId ? `, ${srcMeta.profileId}` : ''})` : ''}`
    : `trace ${sourceId ?? '?'} (no longer stored)`;
  const left = skipped ? `; ${skipped.notIo} exits that were not port I/O and ${skipped.unknownForm} of unknown form left out` : '';
  return {
    sourceTraceId: sourceId, sourceName: src?.name ?? null, sourceKind: src?.kind ?? null,
    sourceMechanism: srcMeta?.mechanism ?? null, sourceProfileId: srcMeta?.profileId ?? null,
    mechanism: meta.mechanism, profileId: meta.profileId, repriced: row.exit_count, skipped, exitCycles: meta.exitCycles,
    changed: `the port-I/O exits of ${was} priced again under ${meta.mechanism ?? '?'} with profile ${meta.profileId ?? '?'}: ` +
      `same forms, ports, element counts and device locations, new cost components and latencies${left}`,
  };
}

function unknownsOf(f: TraceFacts, t: Pick<TraceReport, 'reasons' | 'costs'>, meta: RunMeta): string[] {
  const out: string[] = [];
  if (f.host === null) out.push('host: the trace file does not name the host CPU or kernel');
  if (f.guest === null) out.push('guest: the trace file does not name the guest');
  const open = t.reasons.reduce((n, r) => n + (r.count - r.closed), 0);
  if (open > 0) out.push(`${open} exit(s) have no latency (never closed by a kvm_entry before the trace ended)`);
  if (f.skippedLines > 0) out.push(`${f.skippedLines} line(s) of the source could not be parsed and were skipped`);
  if (f.kind === 'imported') out.push('cost components: an imported trace carries timings only, not what each step cost (re-price it to estimate them)');
  if (f.status === 'cancelled') out.push('the run was cancelled: figures cover the part that ran');
  if (t.costs !== null && t.costs.profile === null) out.push(`profile ${t.costs.profileId} is not loaded here: its parameters and sources are not shown`);
  if (f.kind !== 'imported' && meta.cpuHz === null && t.costs !== null) out.push('the profile states no clock: latencies in ns are unknown, cycles are shown');
  return out;
}

async function traceReport(db: Db, traceId: number, opts: BuildReportOptions, progress: (rows: number) => void): Promise<TraceReport> {
  const row = traceRow(db, traceId);
  const meta = parseRunMeta(row.meta_json);
  const raw = rawMeta(row.meta_json);
  const profile = meta.profileId === null ? null : opts.profileOf(meta.profileId);
  const summary = getTraceSummary(db, traceId);
  const moments = await latencyMoments(db, traceId, { signal: opts.signal, onRows: progress });
  const allTotal = summary.reasons.reduce((n, r) => n + r.totalNs, 0);
  const reasons = summary.reasons.map((r) => ({ reason: r.reason, nativeNames: r.nativeNames, ...figures(r, moments.byReason.get(r.reason), allTotal) }));
  const ports = summary.ports.map((p) => ({
    port: p.port, direction: p.direction, size: p.size, device: p.device, userspaceCount: p.userspaceCount, elements: p.elements,
    ...figures(p, moments.byPort.get(portKey(p.port, p.direction, p.size)), allTotal),
  }));
  const forms = formSummary(db, traceId).map((f) => ({
    formId: f.formId, mnemonic: f.mnemonic, exits: f.exits, elements: f.elements, costTotal: f.costTotal,
    costP50: f.costP50, costP90: f.costP90, costP99: f.costP99, costMax: f.costMax,
  }));
  const histogram = row.kind === 'imported' ? summary.histogram : latencyHistogram(latencyBuckets(db, traceId), meta.cpuHz);
  const facts = factsOf(row, meta, raw, summary.userspaceExits, profile);
  const costs = costSection(db, traceId, meta, profile);
  const partial = { reasons, costs };
  return {
    facts, reasons, ports, forms, histogram, slowest: slowestExits(db, traceId, opts.slowestLimit ?? 20), costs,
    derivedFrom: derivedLink(db, row, meta, raw), events: summary.events, firstIssues: summary.firstIssues,
    unknowns: unknownsOf(facts, partial, meta),
  };
}

/** The run group shared by every trace, or null. */
function sharedGroup(db: Db, ids: readonly number[]): string | null {
  const groups = ids.map((id) => parseRunMeta(traceRow(db, id).meta_json).runGroup);
  const first = groups[0] ?? null;
  return first !== null && groups.every((g) => g === first) ? first : null;
}

export async function buildReport(db: Db, traceIds: readonly number[], opts: BuildReportOptions): Promise<Report> {
  if (traceIds.length === 0) throw new ExitScopeError('ValidationError', 'a report needs at least one trace id');
  if (new Set(traceIds).size !== traceIds.length) throw new ExitScopeError('ValidationError', 'each trace id may appear once in a report');
  const total = traceIds.reduce((n, id) => n + traceRow(db, id).exit_count, 0);
  let before = 0;
  const traces: TraceReport[] = [];
  for (const id of traceIds) {
    if (opts.signal?.aborted) throw cancelledError('the report');
    opts.onProgress?.({ stage: `trace ${id}`, done: before, total });
    const t = await traceReport(db, id, opts, (rows) => opts.onProgress?.({ stage: `trace ${id}`, done: before + rows, total }));
    before += t.facts.exits;
    traces.push(t);
  }
  const group = traceIds.length > 1 ? sharedGroup(db, traceIds) : null;
  const savings = group === null ? null : runSavings(db, { runGroup: group }, opts.resultsOf);
  const first = traces[0]!.facts;
  const title = group !== null && savings !== null
    ? `${savings.workload} under ${traces.map((t) => t.facts.run?.mechanism ?? t.facts.name).join(', ')} (profile ${savings.profileId})`
    : traces.length === 1 ? first.name : traces.map((t) => t.facts.name).join(' · ');
  opts.onProgress?.({ stage: 'done', done: total, total });
  return {
    schema: REPORT_SCHEMA, schemaVersion: REPORT_SCHEMA_VERSION, generatedAt: (opts.now ?? new Date()).toISOString(),
    generator: { name: 'exitscope', version: opts.version }, title,
    scope: group !== null ? 'run-group' : traces.length === 1 ? 'trace' : 'traces',
    traces, savings, derivations: REPORT_DERIVATIONS,
  };
}

/** Every cost component, in the cost model's order (for renderers). */
export const REPORT_COMPONENTS = COST_COMPONENTS;
