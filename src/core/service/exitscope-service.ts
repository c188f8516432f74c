// The one API that the desktop app (Electron main), the browser mode (`exitscope serve`) and
// the CLI call. It implements every command of src/shared/contract.ts against one library
// trace file, and pushes events (import progress, run progress, library changes) to its
// listeners. Emulated runs go through RunJobs (run-jobs.ts); their views are computed in
// src/core/analysis.
// Boundaries call `call(name, payload)`, which validates the payload first; `handlers` are the
// typed implementations behind it.
import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { CommandName, CommandReq, CommandRes, EventName, Events } from '../../shared/contract';
import type { ImportResult } from '../../shared/dto';
import { ExitScopeError } from '../errors';
import { writeExitsCsv } from '../trace/export/export-csv';
import { importKvmTextFile } from '../trace/import/import-kvm-file';
import { openTraceDb } from '../trace/store/open-trace-db';
import type { Db } from '../trace/store/open-trace-db';
import { deleteTrace, getTraceSummary, listTraces, slowestExits, traceName } from '../trace/store/trace-queries';
import { emulatedMetas } from '../analysis/queries';
import { compareTraces } from '../analysis/compare';
import { repricedRunInfo } from '../analysis/derived-info';
import { histogramDerivation, latencyMeaning, traceKindFacts } from '../analysis/latency-meaning';
import { exitRate, statReport } from '../analysis/stat';
import { componentTotals } from '../trace/store/run-summaries';
import { HISTOGRAM_BUCKETS_PER_OCTAVE } from '../trace/store/summarize';
import { renameTrace } from '../trace/store/rename-trace';
import type { TraceSummary } from '../../shared/dto';
import { runBreakdown } from '../analysis/run-breakdown';
import { runInfoOf } from '../analysis/run-meta';
import { runSavings } from '../analysis/run-savings';
import { exitDetail } from '../analysis/explore/exit-detail';
import { exitFacets } from '../analysis/explore/facets';
import { exitPage } from '../analysis/explore/exit-page';
import { sourceLines } from '../analysis/explore/source-lines';
import { timeline } from '../analysis/explore/timeline';
import { loadProfiles, profilesDirOf } from '../cost/index';
import type { LoadedProfiles } from '../cost/index';
import { getWorkload } from '../workloads/index';
import type { TraceListItem } from '../../shared/dto';
import { listWorkloads, profileInfo } from './catalogue-info';
import { RunJobs } from './run-jobs';
import { UploadRegistry } from './uploads';
import { validateRequest } from './validate-request';
import type { Writable } from 'node:stream';
import { ReportJobs } from './report-jobs';
import { reportLookups } from '../report/report-context';
import type { PdfPrinter } from '../report/write-report';

export interface ServiceOptions {
  /** The library: the trace file the app lists and imports into. */
  libraryPath: string;
  host: 'electron' | 'serve';
  version: string;
  /** User CPU profiles; default `<library dir>/profiles` when that directory exists. */
  profileDir?: string | null;
  /** How a PDF report is printed (the desktop app: Electron's printToPDF); default the system Chromium. */
  printPdf?: PdfPrinter;
}

type Handlers = { [K in CommandName]: (req: CommandReq<K>) => Promise<CommandRes<K>> };
type Listener<E extends EventName> = (payload: Events[E]) => void;

export class ExitScopeService {
  readonly uploads = new UploadRegistry();
  private readonly db: Db;
  private readonly imports = new Map<string, AbortController>();
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  private readonly runs: RunJobs;
  readonly reports: ReportJobs;

  constructor(private readonly options: ServiceOptions) {
    this.db = openTraceDb(options.libraryPath);
    this.runs = new RunJobs({
      libraryPath: options.libraryPath,
      profileDir: this.profileDir(),
      profiles: () => this.profiles(),
      onProgress: (p) => this.emit('run/progress', p),
      onStored: () => this.emit('traces/changed', { reason: 'run' }),
    });
    this.reports = new ReportJobs({
      libraryPath: options.libraryPath, version: options.version, printPdf: options.printPdf,
      lookups: () => reportLookups(this.profiles()), onProgress: (e) => this.emit('report/progress', e),
    });
  }

  private profileDir(): string | null {
    if (this.options.profileDir !== undefined) return this.options.profileDir;
    const dir = profilesDirOf(this.options.libraryPath);
    return existsSync(dir) ? dir : null;
  }

  /** Built-in plus user profiles, read afresh (a user may add a profile while the app runs). */
  private profiles(): LoadedProfiles {
    return loadProfiles({ dir: this.profileDir() });
  }

  /** The trace list, emulated runs labelled with what ran (from their meta). */
  private listTraces(): TraceListItem[] {
    const metas = emulatedMetas(this.db);
    return listTraces(this.db).map((t) => {
      const meta = metas.get(t.id);
      const run = meta ? runInfoOf(meta) : null;
      if (run) return { ...t, run };
      // A derived trace: the mechanism and profile it was re-priced under, so its run views show.
      const repriced = t.kind === 'derived' ? repricedRunInfo(this.db, t.id) : null;
      return repriced ? { ...t, run: repriced, repriced: { mechanism: repriced.mechanism, profileId: repriced.profileId } } : t;
    });
  }

  get libraryPath(): string {
    return this.options.libraryPath;
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  private emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  /** Validate an untrusted payload, then run the command. */
  async call<K extends CommandName>(name: K, payload: unknown): Promise<CommandRes<K>> {
    const req = validateRequest(name, payload);
    return (this.handlers[name] as (r: CommandReq<K>) => Promise<CommandRes<K>>)(req);
  }

  readonly handlers: Handlers = {
    'app/info': async () => ({ version: this.options.version, libraryPath: this.options.libraryPath, host: this.options.host }),
    'traces/list': async () => this.listTraces(),
    'traces/summary': async ({ traceId }) => this.traceSummary(traceId),
    'traces/slowest': async ({ traceId, limit }) => slowestExits(this.db, traceId, limit),
    'traces/import': (req) => this.importTrace(req),
    'traces/cancel-import': async ({ importId }) => {
      const ctl = this.imports.get(importId);
      ctl?.abort();
      return { cancelled: ctl !== undefined };
    },
    'traces/delete': async ({ traceId }) => {
      const deleted = deleteTrace(this.db, traceId);
      if (deleted) this.emit('traces/changed', { reason: 'deleted' });
      return { deleted };
    },
    'traces/export-csv': async (req) => {
      if (!('path' in req)) throw new ExitScopeError('ValidationError', 'grantId: file grants are resolved by the desktop shell; this host has none');
      const { traceId, path } = req;
      const out = createWriteStream(path);
      const rows = await this.exportCsv(traceId, out);
      out.end();
      await finished(out);
      return { path, rows };
    },
    'workloads/list': async () => listWorkloads(),
    'profiles/list': async () => this.profiles().profiles.map(profileInfo),
    'runs/start': (req) => this.runs.start(req),
    'runs/cancel': async ({ runId }) => ({ cancelled: this.runs.cancel(runId) }),
    'runs/breakdown': async ({ traceId }) => {
      const loaded = this.profiles();
      return runBreakdown(this.db, traceId, (id) => loaded.profiles.find((p) => p.id === id) ?? null);
    },
    'traces/compare': async ({ traceIds }) => compareTraces(this.db, traceIds),
    'traces/stat': async ({ traceId, event, vcpu, key }) => statReport(this.db, traceId, { event, vcpu, key }),
    'traces/rate': async ({ traceId, vcpu }) => exitRate(this.db, traceId, vcpu),
    'traces/rename': async ({ traceId, name }) => {
      const renamed = renameTrace(this.db, traceId, name);
      if (renamed) this.emit('traces/changed', { reason: 'renamed' });
      return { renamed };
    },
    'runs/savings': async (selector) => runSavings(this.db, selector, (workload) => {
      try {
        return getWorkload(workload).derived.map((d) => ({ name: d.name, unit: d.unit, formula: d.formula }));
      } catch {
        return [];
      }
    }),
    'reports/export': async (req) => {
      if (!('path' in req)) throw new ExitScopeError('ValidationError', 'grantId: file grants are resolved by the desktop shell; this host has none');
      return this.reports.toPath(req);
    },
    'reports/cancel': async ({ reportId }) => ({ cancelled: this.reports.cancel(reportId) }),
    'exits/facets': async ({ traceId }) => exitFacets(this.db, traceId),
    'exits/page': async (req) => exitPage(this.db, req),
    'exits/detail': async ({ traceId, seq }) => {
      const loaded = this.profiles();
      return exitDetail(this.db, traceId, seq, (id) => loaded.profiles.find((p) => p.id === id) ?? null);
    },
    'exits/source-lines': ({ traceId, seq }) => sourceLines(this.db, traceId, seq),
    'timeline/buckets': async (req) => timeline(this.db, req),
  };

  /** The summary, with what its latency figures are for this kind of trace and its total priced cost. */
  private traceSummary(traceId: number): TraceSummary {
    const summary = getTraceSummary(this.db, traceId);
    const facts = traceKindFacts(this.db, traceId);
    if (facts === null) return summary;
    const total = componentTotals(this.db, traceId).total;
    return {
      ...summary,
      histogram: { ...summary.histogram, derivation: histogramDerivation(facts, HISTOGRAM_BUCKETS_PER_OCTAVE) },
      latencyMeaning: latencyMeaning(facts),
      costCycles: total ?? null,
    };
  }

  private async importTrace(req: CommandReq<'traces/import'>): Promise<ImportResult> {
    if (this.imports.has(req.importId)) throw new ExitScopeError('ValidationError', `import ${req.importId} is already running`);
    if (req.source.kind === 'granted') throw new ExitScopeError('ValidationError', 'source.grantId: file grants are resolved by the desktop shell; this host has none');
    const upload = req.source.kind === 'upload' ? this.uploads.resolve(req.source.uploadId) : null;
    const path = upload ? upload.path : (req.source as { path: string }).path;
    const ctl = new AbortController();
    this.imports.set(req.importId, ctl);
    try {
      const outcome = await importKvmTextFile(this.options.libraryPath, path, {
        name: req.name ?? upload?.name,
        sourceLabel: upload?.name,
        signal: ctl.signal,
        onProgress: (p) => this.emit('import/progress', { importId: req.importId, ...p }),
      });
      this.emit('traces/changed', { reason: 'imported' });
      return {
        traceId: outcome.traceId, lines: outcome.stats.lines, exits: outcome.stats.exits,
        skippedLines: outcome.stats.skippedLines, bytes: outcome.bytes, seconds: outcome.seconds,
      };
    } finally {
      this.imports.delete(req.importId);
      if (req.source.kind === 'upload') this.uploads.discard(req.source.uploadId);
    }
  }

  /**
   * Streams a trace's exits as CSV. Uses its own read connection so that a long export does
   * not hold the service's connection busy (better-sqlite3 allows one open iterator per connection).
   */
  async exportCsv(traceId: number, out: Writable): Promise<number> {
    const reader = openTraceDb(this.options.libraryPath, { create: false, readonly: true });
    try {
      return await writeExitsCsv(reader, traceId, out);
    } finally {
      reader.close();
    }
  }

  traceName(traceId: number): string {
    return traceName(this.db, traceId);
  }

  close(): void {
    for (const ctl of this.imports.values()) ctl.abort();
    this.runs.cancelAll();
    this.reports.cancelAll();
    this.db.close();
    this.uploads.dispose();
  }
}
