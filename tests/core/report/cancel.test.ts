// Reports and exports of a big trace stop part-way when their signal is aborted (Ctrl-C in the
// CLI, Cancel in the app): the report's streamed pass, the JSON exits, the Perfetto trace and the
// Parquet dataset each throw Cancelled at their next chunk instead of running to the end.
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/core/runs/execute-run';
import { buildReport } from '../../../src/core/report/build-report';
import { writeParquetDataset } from '../../../src/core/report/parquet';
import { writePerfetto } from '../../../src/core/report/perfetto';
import { TextSink } from '../../../src/core/report/text-sink';
import { writeReport } from '../../../src/core/report/write-report';
import type { Db } from '../../../src/core/trace/store/open-trace-db';
import { LOOKUPS, openReadonly } from '../../helpers/report-library';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const EXITS = 300_000;
let db: Db;
let traceId: number;

beforeAll(async () => {
  const path = tempPath() + '.exitscope';
  const out = await executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['vmx'], profileId: 'kvm-2012', profileDir: null, params: { iterations: EXITS } });
  traceId = out.runs[0]!.traceId;
  db = openReadonly(path);
  return () => db.close();
}, 180_000);

/** A signal aborted at the first progress report with some exits done, and the furthest progress seen. */
function abortOnProgress(): { ctl: AbortController; seen: () => number; onProgress: (p: { done: number }) => void } {
  const ctl = new AbortController();
  let furthest = 0;
  return {
    ctl, seen: () => furthest,
    onProgress: (p) => {
      furthest = Math.max(furthest, p.done);
      if (p.done > 0) ctl.abort();
    },
  };
}

describe('cancelling a report or an export of a big trace', () => {
  it('stops the report part-way', async () => {
    const a = abortOnProgress();
    await expect(buildReport(db, [traceId], { version: 't', ...LOOKUPS, signal: a.ctl.signal, onProgress: a.onProgress })).rejects.toMatchObject({ kind: 'Cancelled' });
    expect(a.seen()).toBeLessThan(EXITS);
  });

  it('stops a JSON report with its exits, a Perfetto trace and a Parquet dataset part-way', async () => {
    const json = abortOnProgress();
    const sinkOut = new PassThrough();
    sinkOut.resume();
    // The report itself is built first; the streamed exits then see the abort.
    let built = false;
    await expect(writeReport(db, [traceId], sinkOut, {
      format: 'json', exits: true, version: 't', ...LOOKUPS, signal: json.ctl.signal,
      onProgress: (p) => (p.stage === 'exits' ? json.onProgress(p) : (built = built || p.stage === 'done')),
    })).rejects.toMatchObject({ kind: 'Cancelled' });
    expect(built).toBe(true);
    expect(json.seen()).toBeLessThan(EXITS);

    const perfetto = abortOnProgress();
    const out = new PassThrough();
    out.resume();
    await expect(writePerfetto(db, traceId, new TextSink(out), { signal: perfetto.ctl.signal, onProgress: perfetto.onProgress })).rejects.toMatchObject({ kind: 'Cancelled' });
    expect(perfetto.seen()).toBeLessThan(EXITS);

    const parquet = abortOnProgress();
    await expect(writeParquetDataset(db, [traceId], tempPath(), { signal: parquet.ctl.signal, onProgress: parquet.onProgress })).rejects.toMatchObject({ kind: 'Cancelled' });
    expect(parquet.seen()).toBeLessThan(EXITS);
  });
});
