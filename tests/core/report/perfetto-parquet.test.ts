// Perfetto / Chrome Trace Event JSON checked against the format's documented rules (the "JSON
// Object Format" of the Trace Event Format document: traceEvents, ph, name, pid/tid integers, ts
// and dur in microseconds, "M" metadata naming processes and threads, "C" counters with numeric
// args) plus what Perfetto needs to import without errors: per thread, complete events in time
// order that do not overlap. And the Parquet dataset read back by DuckDB: counts and sums per
// reason and per port equal to SQLite's.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeReportLibrary, openReadonly } from '../../helpers/report-library';
import type { ReportLibrary } from '../../helpers/report-library';
import { useTempDir } from '../../helpers/temp-dir';
import { micros, rateWindowNs, writePerfetto } from '../../../src/core/report/perfetto';
import { writeParquetDataset } from '../../../src/core/report/parquet';
import { TextSink } from '../../../src/core/report/text-sink';
import type { Db } from '../../../src/core/trace/store/open-trace-db';

const tempPath = useTempDir();
let lib: ReportLibrary;
let db: Db;

beforeAll(async () => {
  lib = await makeReportLibrary(tempPath());
  db = openReadonly(lib.path);
  return () => db.close();
}, 180_000);

interface TraceEvent { name: unknown; ph: unknown; pid: unknown; tid: unknown; ts?: unknown; dur?: unknown; s?: unknown; cat?: unknown; args?: Record<string, unknown> }

async function perfettoOf(id: number): Promise<{ traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const sink = new TextSink(out);
  await writePerfetto(db, id, sink);
  await sink.end();
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as never;
}

describe('Perfetto / Chrome Trace Event JSON', () => {
  it('follows the Trace Event Format rules for every event, for an import and an emulated run', async () => {
    for (const id of [lib.imported, lib.group[0], lib.derived]) {
      const json = await perfettoOf(id);
      expect(['ms', 'ns']).toContain(json.displayTimeUnit);
      const exits = (db.prepare('SELECT COUNT(*) AS n FROM exit_rows WHERE trace_id = ?').get(id) as { n: number }).n;
      const byPh = new Map<string, TraceEvent[]>();
      for (const e of json.traceEvents) {
        expect(typeof e.name).toBe('string');
        expect(['X', 'i', 'M', 'C']).toContain(e.ph);
        expect(Number.isInteger(e.pid)).toBe(true);
        expect(Number.isInteger(e.tid)).toBe(true);
        if (e.ph !== 'M') expect(typeof e.ts).toBe('number');
        if (e.ph === 'X') expect(typeof e.dur === 'number' && e.dur >= 0).toBe(true);
        if (e.ph === 'i') expect(e.s).toBe('t');
        if (e.ph === 'C') for (const v of Object.values(e.args!)) expect(typeof v).toBe('number');
        (byPh.get(e.ph as string) ?? byPh.set(e.ph as string, []).get(e.ph as string)!).push(e);
      }
      const exitEvents = [...(byPh.get('X') ?? []), ...(byPh.get('i') ?? [])];
      expect(exitEvents).toHaveLength(exits);
      // Metadata: the process (the VM) and one named thread per vCPU that has exits.
      const meta = byPh.get('M')!;
      expect(meta.filter((e) => e.name === 'process_name')).toHaveLength(1);
      const tids = new Set(exitEvents.map((e) => e.tid));
      const named = new Set(meta.filter((e) => e.name === 'thread_name').map((e) => e.tid));
      expect([...tids].every((t) => named.has(t))).toBe(true);
      // Per track: timestamps never go back and complete events do not overlap.
      for (const tid of tids) {
        const track = exitEvents.filter((e) => e.tid === tid);
        for (let i = 1; i < track.length; i++) {
          const prev = track[i - 1]!;
          expect(track[i]!.ts as number).toBeGreaterThanOrEqual((prev.ts as number) + ((prev.dur as number | undefined) ?? 0) - 1e-9);
        }
      }
      // The counter adds up to the exits.
      const counter = byPh.get('C')!;
      const window = json.otherData.rateWindowNs as number;
      expect(counter.reduce((n, e) => n + (e.args!['exits/s'] as number) * window / 1e9, 0)).toBeCloseTo(exits, 6);
    }
  });

  it('names each exit by reason and form, with the exit\u2019s port, value, device and costs as args', async () => {
    const imported = await perfettoOf(lib.imported);
    const first = imported.traceEvents.find((e) => e.ph === 'X' && e.args?.seq === 0)!;
    expect(first).toMatchObject({ name: 'IO_INSTRUCTION out dx, al', ts: 1000000100, dur: 9, pid: lib.imported, tid: 1,
      args: { port: '0x3f8', value: '0x41', device: 'COM1', location: 'userspace', size: 1, direction: 'out', rip: '0xffffffff8102a1c2', count: 1 } });
    const hlt = imported.traceEvents.find((e) => e.name === 'HLT')!;
    expect(hlt).toMatchObject({ ph: 'X', dur: 500 });
    const run = await perfettoOf(lib.group[0]);
    const x = run.traceEvents.find((e) => e.ph === 'X')!;
    const stored = db.prepare('SELECT time_ns, latency_ns, cost_total, cost_entry FROM exits_priced WHERE trace_id = ? ORDER BY seq LIMIT 1').get(lib.group[0]) as { time_ns: number; latency_ns: number; cost_total: number; cost_entry: number };
    expect(x).toMatchObject({ ts: Number(micros(stored.time_ns)), dur: Number(micros(stored.latency_ns)), args: { total_cycles: stored.cost_total, entry_cycles: stored.cost_entry, mechanism: 'trap' } });
    expect(run.otherData.timeBase).toBe('guest clock');
  });

  it('keeps ns exact in microsecond timestamps and picks a rate window of ≥ 100 samples', () => {
    expect(micros(1_000_000_100_123)).toBe('1000000100.123');
    expect(micros(5)).toBe('0.005');
    expect(rateWindowNs(903_000)).toBe(1000);
    expect(rateWindowNs(3600e9)).toBe(1e9);
    expect(rateWindowNs(5e9)).toBe(1e7);
  });
});

describe('Parquet dataset', () => {
  it('is read back by DuckDB with the counts and sums per reason and per port of the store', async () => {
    const dir = tempPath();
    const ids = [lib.imported, ...lib.group, lib.derived];
    const r = await writeParquetDataset(db, ids, dir);
    expect(r.exits).toBe((db.prepare(`SELECT COUNT(*) AS n FROM exit_rows WHERE trace_id IN (${ids.join(',')})`).get() as { n: number }).n);
    for (const t of ['exits', 'traces', 'reasons', 'ports']) {
      expect(readdirSync(join(dir, t)).sort()).toEqual(ids.map((id) => `trace=${id}`).sort());
    }
    expect(existsSync(join(dir, 'exits', `trace=${lib.imported}`))).toBe(true);
    const duck = await DuckDBInstance.create(':memory:');
    const con = await duck.connect();
    try {
      const q = async (sql: string): Promise<Record<string, unknown>[]> => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
      const glob = (t: string): string => `read_parquet('${join(dir, t)}/*/*.parquet', hive_partitioning = true)`;
      const byReason = await q(`SELECT trace, reason, COUNT(*) AS n, SUM(latency_ns) AS lat, SUM(cost_total) AS cost FROM ${glob('exits')} GROUP BY ALL ORDER BY trace, reason`);
      const sqliteReason = db.prepare(`SELECT trace_id AS trace, reason, COUNT(*) AS n, SUM(latency_ns) AS lat, SUM(cost_total) AS cost FROM exits_priced WHERE trace_id IN (${ids.join(',')}) GROUP BY 1, 2 ORDER BY 1, 2`).all() as Record<string, unknown>[];
      const norm = (rows: Record<string, unknown>[]): string[] => rows.map((x) => Object.values(x).map((v) => (v === null ? 'null' : typeof v === 'bigint' ? v.toString() : String(Number(v)))).join('|'));
      expect(norm(byReason)).toEqual(norm(sqliteReason));
      const byPort = await q(`SELECT trace, port, direction, COUNT(*) AS n, SUM(count) AS elements, SUM(value) AS v FROM ${glob('exits')} WHERE port IS NOT NULL GROUP BY ALL ORDER BY ALL`);
      const sqlitePort = db.prepare(`SELECT trace_id AS trace, port, direction, COUNT(*) AS n, SUM(count) AS elements, SUM(value) AS v FROM exits WHERE port IS NOT NULL AND trace_id IN (${ids.join(',')}) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3, 4, 5, 6`).all() as Record<string, unknown>[];
      expect(norm(byPort)).toEqual(norm(sqlitePort));
      const traces = await q(`SELECT trace, name, kind, exit_count FROM ${glob('traces')} ORDER BY trace`);
      expect(traces.map((t) => [Number(t.trace), t.kind])).toEqual([[lib.imported, 'imported'], [lib.group[0], 'emulated'], [lib.group[1], 'emulated'], [lib.derived, 'derived']]);
      // Each partition holds its exits in sequence order (DuckDB preserves insertion order).
      for (const id of ids) {
        const seqs = (await q(`SELECT seq FROM read_parquet('${join(dir, 'exits', `trace=${id}`)}/*.parquet')`)).map((x) => Number(x.seq));
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(seqs.length).toBe((db.prepare('SELECT exit_count AS n FROM traces WHERE id = ?').get(id) as { n: number }).n);
      }
      const reasons = await q(`SELECT SUM(count) AS n FROM ${glob('reasons')}`);
      expect(Number(reasons[0]!.n)).toBe(r.exits);
      // Exported again: the partitions are replaced, not doubled.
      await writeParquetDataset(db, [lib.imported], dir);
      expect(Number((await q(`SELECT COUNT(*) AS n FROM ${glob('exits')}`))[0]!.n)).toBe(r.exits);
    } finally {
      con.closeSync();
      duck.closeSync();
    }
  });

  it('names a missing trace before writing anything', async () => {
    const dir = tempPath();
    await expect(writeParquetDataset(db, [lib.imported, 77], dir)).rejects.toThrow(/no trace with id 77/);
    expect(existsSync(dir)).toBe(false);
  });
});
