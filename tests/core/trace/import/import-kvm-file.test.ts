// The import pipeline against real files and real SQLite trace files: what it stores, the
// errors it gives, and that a failed or cancelled import leaves the database exactly as it was.
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importKvmTextFile } from '../../../../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { getTraceSummary, slowestExits } from '../../../../src/core/trace/store/trace-queries';
import { ExitScopeError } from '../../../../src/core/errors';
import { generateKvmTraceLines } from '../../../../bench/gen-kvm-trace';
import { EXPECTED, SAMPLE_TRACEFS } from '../../../helpers/sample-trace';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();

function dbFingerprint(dbPath: string): { traces: unknown[]; exits: number } {
  const db = openTraceDb(dbPath);
  try {
    return {
      traces: db.prepare('SELECT id, name, exit_count FROM traces ORDER BY id').all(),
      exits: (db.prepare('SELECT count(*) AS n FROM exits').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe('importKvmTextFile', () => {
  it.each([
    ['in a parser worker thread', false],
    ['in the importing thread', true],
  ])('stores the exits, their pairing and the summary of a tracefs trace, parsing %s', async (_mode, inThread) => {
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS);
    const dbPath = tempPath() + '.exitscope';
    const outcome = await importKvmTextFile(dbPath, file, { inThread });
    expect(outcome.stats.exits).toBe(EXPECTED.exits);
    const db = openTraceDb(dbPath);
    const s = getTraceSummary(db, outcome.traceId);
    expect(s.trace).toMatchObject({ exitCount: EXPECTED.exits, ioExitCount: EXPECTED.ioExits, vcpuCount: EXPECTED.vcpus, kind: 'imported', status: 'complete' });
    expect(Object.fromEntries(s.reasons.map((r) => [r.reason, r.count]))).toEqual(EXPECTED.reasons);
    for (const p of EXPECTED.ports) {
      expect(s.ports.find((x) => x.port === p.port && x.direction === p.direction)).toMatchObject({ size: p.size, count: p.count, userspaceCount: p.userspace, device: p.device });
    }
    const io = s.reasons.find((r) => r.reason === 'IO_INSTRUCTION')!;
    expect([io.minNs, io.maxNs]).toEqual([Math.min(...EXPECTED.ioLatenciesNs), Math.max(...EXPECTED.ioLatenciesNs)]);
    expect(slowestExits(db, outcome.traceId, 1)[0]!.latencyNs).toBe(EXPECTED.slowestNs);
    const first = db.prepare('SELECT time_ns, vcpu, port, direction, value, device_location, line FROM exits WHERE trace_id = ? ORDER BY seq LIMIT 1').get(outcome.traceId);
    expect(first).toEqual({ time_ns: EXPECTED.firstTimeNs, vcpu: 0, port: 0x3f8, direction: 'out', value: 0x41, device_location: 'userspace', line: 6 });
    expect(s.events.find((e) => e.event === 'sched_switch')).toEqual({ event: 'sched_switch', count: 1, handled: false });
    db.close();
  });

  it('reads gzip-compressed traces', async () => {
    const file = tempPath() + '.txt.gz';
    writeFileSync(file, gzipSync(SAMPLE_TRACEFS));
    const outcome = await importKvmTextFile(tempPath() + '.exitscope', file);
    expect(outcome.stats.exits).toBe(EXPECTED.exits);
  });

  it('counts unparseable lines with their line numbers and keeps going', async () => {
    const lines = SAMPLE_TRACEFS.trimEnd().split('\n');
    lines.splice(7, 0, ' CPU 0/KVM-4321    [002] d.... 1000.000101: kvm_exit: vcpu zero reason');
    const file = tempPath() + '.txt';
    writeFileSync(file, lines.join('\n') + '\n');
    const outcome = await importKvmTextFile(tempPath() + '.exitscope', file);
    expect(outcome.stats.skippedLines).toBe(1);
    expect(outcome.stats.issues[0]!.line).toBe(8);
    expect(outcome.stats.exits).toBe(EXPECTED.exits);
  });

  it('fails clearly on a file with no KVM events, and on a missing file, storing nothing', async () => {
    const dbPath = tempPath() + '.exitscope';
    const good = tempPath() + '.txt';
    writeFileSync(good, SAMPLE_TRACEFS);
    await importKvmTextFile(dbPath, good);
    const before = dbFingerprint(dbPath);
    const notes = tempPath() + '.txt';
    writeFileSync(notes, 'just some text\nwith two lines\n');
    await expect(importKvmTextFile(dbPath, notes)).rejects.toThrow(`no KVM exits in ${notes}: 2 lines read, no trace event lines at all`);
    await expect(importKvmTextFile(dbPath, '/nonexistent/trace.txt')).rejects.toThrow('/nonexistent/trace.txt does not exist');
    expect(dbFingerprint(dbPath)).toEqual(before);
  });

  it('streams a large file with progress, and a cancel leaves the database as it was', async () => {
    const file = tempPath() + '.txt';
    const out = createWriteStream(file);
    let buf = '';
    for (const line of generateKvmTraceLines('tracefs', { lines: 300_000, seed: 7 })) buf += line + '\n';
    out.end(buf);
    await once(out, 'finish');
    const dbPath = tempPath() + '.exitscope';
    const small = tempPath() + '.txt';
    writeFileSync(small, SAMPLE_TRACEFS);
    await importKvmTextFile(dbPath, small);
    const before = dbFingerprint(dbPath);

    const ctl = new AbortController();
    const ticks: number[] = [];
    const err = await importKvmTextFile(dbPath, file, {
      signal: ctl.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        ticks.push(p.bytesRead);
        if (ticks.length === 3) ctl.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExitScopeError);
    expect((err as ExitScopeError).kind).toBe('Cancelled');
    expect(dbFingerprint(dbPath)).toEqual(before);

    const progress: number[] = [];
    const done = await importKvmTextFile(dbPath, file, { progressIntervalMs: 0, onProgress: (p) => progress.push(p.bytesRead) });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(done.stats.lines).toBe(300_000);
    expect(dbFingerprint(dbPath).traces).toHaveLength(2);
  });
});
