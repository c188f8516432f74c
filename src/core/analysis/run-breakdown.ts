// The run view of one emulated trace: its exits by form × cost component, the latency
// histogram of every trace of its run group (one per mechanism), and the profile parameters
// behind each component of each form. Reads through queries.ts; the profile comes from the
// caller (the service loads profiles once).
import type { Profile } from '../cost/index';
import { ExitScopeError } from '../errors';
import type { Db } from '../trace/store/open-trace-db';
import type { ComponentSource, MechanismHistogram, RunBreakdown } from '../../shared/runs';
import { latencyHistogram } from './histogram';
import { formTotals, groupRuns, latencyBuckets, representativeExits, traceRun } from './queries';
import type { TraceRunRow } from './queries';
import { runInfoOf } from './run-meta';
import { repricedRunInfo } from './derived-info';
import { formKey } from './savings';
import { componentSources, SOURCES_DERIVATION } from './sources';

function histogramOf(db: Db, run: TraceRunRow): MechanismHistogram {
  return { traceId: run.traceId, mechanism: run.meta.mechanism ?? '?', histogram: latencyHistogram(latencyBuckets(db, run.traceId), run.meta.cpuHz) };
}

export function runBreakdown(db: Db, traceId: number, profileOf: (id: string) => Profile | null): RunBreakdown {
  const trace = traceRun(db, traceId);
  const run = runInfoOf(trace.meta) ?? repricedRunInfo(db, traceId);
  if (run === null) throw new ExitScopeError('ValidationError', `trace ${traceId} is not an emulated run (its meta names no workload, mechanism and profile)`);
  const profile = profileOf(run.profileId);
  const sources: Record<string, ComponentSource[]> = {};
  for (const x of representativeExits(db, traceId)) {
    sources[formKey(x.formId)] = profile === null ? [] : componentSources(x, profile, run.mechanism);
  }
  const group = run.runGroup === null ? [trace] : groupRuns(db, run.runGroup);
  return {
    traceId, run, status: trace.status, cpuHz: trace.meta.cpuHz,
    forms: formTotals(db, traceId).map((f) => ({ key: formKey(f.formId), ...f })),
    sources,
    sourcesDerivation: profile === null ? `profile ${run.profileId} is not loaded here: no sources` : SOURCES_DERIVATION,
    histograms: group.map((r) => histogramOf(db, r)),
  };
}
