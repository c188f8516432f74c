// `npm run bench:report [-- --exits N --formats F,F... --traces emulated|imported|both]`: time and peak memory of every report and export format
// for a trace of N exits (default 1,000,000), for two traces: an emulated run (outl_to_kernel
// under vmx with kvm-2012, one exit per iteration) and an imported KVM trace (generated tracefs
// text, bench/gen-kvm-trace.ts, with ~N exits of varied latencies, ports and vCPUs). Each format
// runs in its own process (bench/report-one.ts) so its max RSS is its own; "none" is that
// process's baseline (Node + tsx + the trace file opened). The peer in the same run is the CSV
// export of the same exits (the streamed export ExitScope had before): streamed formats print
// their time as a ratio to it. The PDF's Chromium runs in processes of its own, not counted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../src/core/cli/args';
import { executeRun } from '../src/core/runs/execute-run';
import { importKvmTextFile } from '../src/core/trace/import/import-kvm-file';
import { writeKvmTraceFile } from './gen-kvm-trace';

const args = parseArgs(process.argv.slice(2), { values: ['exits', 'formats', 'traces'] });
const which = args.values.get('traces') ?? 'both';
const exits = Number(args.values.get('exits') ?? 1_000_000);
const formats = (args.values.get('formats') ?? 'none,csv,json,md,html,pdf,json-exits,perfetto,parquet').split(',');
const dir = mkdtempSync(join(tmpdir(), 'exitscope-bench-report-'));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function emulated(path: string): Promise<number> {
  const out = await executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['vmx'], profileId: 'kvm-2012', params: { iterations: exits } });
  return out.runs[0]!.traceId;
}

async function imported(path: string): Promise<number> {
  // About 4.4 lines per exit in the generator's mix (measured on 100,000 lines).
  const text = join(dir, 'trace.txt');
  await writeKvmTraceFile(text, 'tracefs', Math.round(exits * 4.4), 7);
  return (await importKvmTextFile(path, text, { name: 'bench' })).traceId;
}

interface Measured { seconds: number; maxRssMb: number; bytes: number }

function measure(db: string, id: number, format: string): Measured {
  const out = join(dir, `out-${id}-${format}`);
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/run-bin.mjs'), 'tsx', join(ROOT, 'bench/report-one.ts'), '--db', db, '--id', String(id), '--format', format, '--out', out], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`${format}: ${r.stderr}`);
  rmSync(out, { recursive: true, force: true });
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
}

const mb = (n: number): string => n.toFixed(0).padStart(6);
for (const [label, make] of ([['emulated run', emulated], ['imported KVM trace', imported]] as const).filter(([l]) => which === 'both' || l.startsWith(which))) {
  const db = join(dir, `${label.replace(/\W+/g, '-')}.exitscope`);
  const id = await make(db);
  const { openTraceDb } = await import('../src/core/trace/store/open-trace-db');
  const h = openTraceDb(db, { create: false, readonly: true });
  const n = (h.prepare('SELECT exit_count FROM traces WHERE id = ?').get(id) as { exit_count: number }).exit_count;
  h.close();
  console.log(`\n${label}: ${n.toLocaleString('en-US')} exits`);
  console.log('format        seconds   max RSS MB   output KB   vs CSV');
  let csv: number | null = null;
  for (const f of formats) {
    const m = measure(db, id, f);
    if (f === 'csv') csv = m.seconds;
    const ratio = csv !== null && ['json-exits', 'perfetto', 'parquet'].includes(f) ? `${(m.seconds / csv).toFixed(2)}×` : '';
    console.log(`${f.padEnd(12)} ${m.seconds.toFixed(2).padStart(8)}   ${mb(m.maxRssMb)}       ${(m.bytes / 1e3).toFixed(0).padStart(9)}   ${ratio}`);
  }
}
rmSync(dir, { recursive: true, force: true });
