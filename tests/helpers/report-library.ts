// A library for the report tests: the hand-counted tracefs sample imported (trace 1), io_forms
// run under trap and hypercall with p4-2007 as one run group (traces 2, 3), and the import
// re-priced under hypercall with kvm-2012 (derived trace 4). Plus helpers that build a report of
// it the way the CLI does.
import { writeFileSync } from 'node:fs';
import { findProfile, loadProfiles } from '../../src/core/cost/index';
import { buildReport } from '../../src/core/report/build-report';
import { reportLookups } from '../../src/core/report/report-context';
import type { Report } from '../../src/core/report/report-types';
import { executeRun } from '../../src/core/runs/execute-run';
import { importKvmTextFile } from '../../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../../src/core/trace/store/open-trace-db';
import type { Db } from '../../src/core/trace/store/open-trace-db';
import { repriceTrace } from '../../src/core/vmm/reprice-trace';
import { SAMPLE_TRACEFS } from './sample-trace';

export interface ReportLibrary {
  path: string;
  imported: number;
  group: [number, number];
  derived: number;
}

export async function makeReportLibrary(base: string): Promise<ReportLibrary> {
  const path = `${base}.exitscope`;
  writeFileSync(`${base}.txt`, SAMPLE_TRACEFS);
  const imported = (await importKvmTextFile(path, `${base}.txt`, { name: 'sample' })).traceId;
  const run = await executeRun({ dbPath: path, workload: 'io_forms', mechanisms: ['trap', 'hypercall'], profileId: 'p4-2007', profileDir: null, params: {} });
  const derived = (await repriceTrace(path, imported, 'hypercall', findProfile(loadProfiles({ dir: null }), 'kvm-2012'))).traceId;
  return { path, imported, group: [run.runs[0]!.traceId, run.runs[1]!.traceId], derived };
}

export const LOOKUPS = reportLookups(loadProfiles({ dir: null }));

export function reportOf(db: Db, ids: number[]): Promise<Report> {
  return buildReport(db, ids, { version: 'test', ...LOOKUPS });
}

export function openReadonly(path: string): Db {
  return openTraceDb(path, { create: false, readonly: true });
}
