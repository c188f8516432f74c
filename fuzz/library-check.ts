// What the import fuzzer checks on a trace file, shared by the vitest property test
// (tests/core/trace/import/import-fuzz.test.ts) and `npm run fuzz:import`:
//   fingerprint     a logical dump of the file (every trace row, and per table its row count and
//                   a checksum of its rows): equal before and after a failed import means the
//                   import left nothing behind (the file's bytes may differ: WAL, free pages);
//   readEverything  every read the app makes of a trace after an import: the trace list, the
//                   summary (reasons, ports, histogram, events, issues, facts), the slowest
//                   exits and the CSV export of its exits.
import { Writable } from 'node:stream';
import { openTraceDb } from '../src/core/trace/store/open-trace-db';
import { getTraceSummary, listTraces, slowestExits } from '../src/core/trace/store/trace-queries';
import { writeExitsCsv } from '../src/core/trace/export/export-csv';

const TABLES = ['traces', 'exit_kinds', 'exit_rows', 'summary_reason', 'summary_port', 'summary_histogram', 'summary_slowest', 'summary_events', 'import_issues'];

export function fingerprint(dbPath: string): string {
  const db = openTraceDb(dbPath, { create: false, readonly: true });
  try {
    const parts: string[] = [];
    for (const t of TABLES) {
      const rows = db.prepare(`SELECT * FROM ${t}`).raw(true).all() as unknown[][];
      let h = 0;
      for (const r of rows) for (const v of r) h = (Math.imul(h, 31) + hashValue(v)) | 0;
      parts.push(`${t}:${rows.length}:${h}`);
    }
    return parts.join(' ');
  } finally {
    db.close();
  }
}

function hashValue(v: unknown): number {
  const s = v === null ? '\u0000' : Buffer.isBuffer(v) ? v.toString('hex') : String(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Every read the app makes of trace `traceId`; throws on the first that fails. Returns the exit count read. */
export async function readEverything(dbPath: string, traceId: number): Promise<number> {
  const db = openTraceDb(dbPath, { create: false, readonly: true });
  try {
    const listed = listTraces(db).find((t) => t.id === traceId);
    if (!listed) throw new Error(`trace ${traceId} is not listed after its import`);
    const s = getTraceSummary(db, traceId);
    JSON.stringify(s);
    if (s.histogram.buckets.length > 1000) throw new Error(`histogram of ${s.histogram.buckets.length} buckets`);
    for (const r of s.reasons) for (const v of [r.minNs, r.p50Ns, r.maxNs, r.meanNs, r.totalNs]) if (v !== null && !Number.isFinite(v)) throw new Error(`non-finite latency statistic ${v} for ${r.reason}`);
    if (!Number.isFinite(s.trace.durationNs)) throw new Error(`non-finite duration ${s.trace.durationNs}`);
    slowestExits(db, traceId, 100);
    const sink = new Writable({ write(_chunk: Buffer, _enc, cb) { cb(); } });
    const rows = await writeExitsCsv(db, traceId, sink);
    if (rows !== s.trace.exitCount) throw new Error(`CSV export has ${rows} rows, the trace ${s.trace.exitCount} exits`);
    return rows;
  } finally {
    db.close();
  }
}
