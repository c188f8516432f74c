// CPU speed benchmark (`npm run bench:cpu [-- --runs N --only LOOP[,LOOP...]]`): guest MIPS of
// ExitScope's CPU beside Unicorn's (QEMU's TCG as a library, Debian's python3-unicorn) on the
// same loops, measured in the same run, and their ratio (target: ExitScope ≥ 3x Unicorn on every
// loop). The loops are nasm sources in bench/cpu-loops (one per instruction mix; see each file's
// header), assembled here with the iteration count below. Both emulators get the same machine:
// 32 MiB of RAM identity-mapped with 4 KiB pages (page directory at 1 MiB), paging on, ring 0,
// flat segments, ESP = 0x80000, code at 0x1000 run from its first byte to its final HLT.
//   ExitScope: a fresh Cpu per run; one warm-up run (V8's JIT), then the median of N timed runs
//              of cpu.run() alone.
//   Unicorn:   bench/unicorn-run.py, a fresh engine per run; the median of N runs of emu_start
//              alone (engine creation and memory set-up excluded). It stops at the HLT.
// MIPS = ExitScope's retired-instruction count (a REP instruction counts once, as the CPU counts
// it) / seconds, for both: the same instructions run on both, so the ratio is the time ratio.
// Seconds are CPU time (user + system of the process: Node's GC threads count against
// ExitScope), which a machine shared with other work disturbs far less than wall-clock time; the
// wall-clock ratio is printed beside it.
// After the runs the eight general registers of both are compared (same program, same result).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../src/core/cli/args';
import { Cpu } from '../src/core/cpu/cpu';
import { FlatRam } from '../src/core/cpu/memory';

const here = dirname(fileURLToPath(import.meta.url));
const RAM = 32 << 20;
const PD = 0x100000;
const ENTRY = 0x1000;
const ESP = 0x80000;

/** Loops and their iteration counts (about 40-50 million retired instructions each). */
const LOOPS: readonly { name: string; iterations: number }[] = [
  { name: 'alu-mix', iterations: 3_000_000 },
  { name: 'rmw-branch', iterations: 3_000_000 },
  { name: 'call-ret', iterations: 3_000_000 },
  { name: 'push-pop', iterations: 3_000_000 },
  { name: 'string-ops', iterations: 1_000_000 },
  { name: 'rep-bulk', iterations: 20_000 },
  { name: 'paging', iterations: 100_000 },
];

const args = parseArgs(process.argv.slice(2), { values: ['runs', 'only'] });
const runs = Number(args.values.get('runs') ?? 5);
const only = args.values.get('only')?.split(',');
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer (got ${args.values.get('runs')})`);
for (const name of only ?? []) if (!LOOPS.some((l) => l.name === name)) throw new Error(`unknown loop ${name} (known: ${LOOPS.map((l) => l.name).join(', ')})`);

/** Page directory and 8 page tables identity-mapping the 32 MiB (present, writable, supervisor). */
function pageTables(): Uint8Array {
  const bytes = new Uint8Array(0x1000 * 9);
  const view = new DataView(bytes.buffer);
  for (let t = 0; t < 8; t++) {
    view.setUint32(4 * t, (PD + 0x1000 * (t + 1)) | 3, true);
    for (let e = 0; e < 1024; e++) view.setUint32(0x1000 * (t + 1) + 4 * e, ((t * 1024 + e) << 12) | 3, true);
  }
  return bytes;
}

function assemble(dir: string, name: string, iterations: number): Uint8Array {
  const out = join(dir, `${name}.bin`);
  execFileSync('nasm', ['-f', 'bin', `-DITER=${iterations}`, '-o', out, join(here, 'cpu-loops', `${name}.asm`)]);
  const code = readFileSync(out);
  if (code[code.length - 1] !== 0xf4) throw new Error(`${name}.asm must end with HLT`);
  return code;
}

interface Sample { seconds: number; cpuSeconds: number; instructions: number; regs: number[] }

function runExitScope(code: Uint8Array, tables: Uint8Array): Sample {
  const ram = new FlatRam(RAM);
  const cpu = new Cpu({ memory: ram, io: { read: () => 0xff, write: () => {} } });
  ram.bytes.set(tables, PD);
  ram.bytes.set(code, ENTRY);
  cpu.cr3 = PD;
  cpu.cr0 |= 0x80000000;
  cpu.flushTlb();
  cpu.eip = ENTRY;
  cpu.r32[4] = ESP;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const why = cpu.run(Number.MAX_SAFE_INTEGER);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = process.cpuUsage(c0);
  if (why !== 'hlt') throw new Error(`benchmark program stopped with ${why}`);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, instructions: cpu.instructions, regs: [...cpu.r32].map((r) => r >>> 0) };
}

const PYTHON = '/usr/bin/python3';

/** Seconds per Unicorn run and its final registers, or why Unicorn could not run. */
interface UnicornRuns { seconds: number[]; cpuSeconds: number[]; regs: number[] }

function runUnicorn(code: Uint8Array, tables: Uint8Array, n: number): UnicornRuns | string {
  const job = {
    ram: RAM, entry: ENTRY, stop: ENTRY + code.length - 1, esp: ESP, cr3: PD, cr4: 0, runs: n,
    blobs: [[PD, Buffer.from(tables).toString('hex')], [ENTRY, Buffer.from(code).toString('hex')]],
  };
  const r = spawnSync(PYTHON, [join(here, 'unicorn-run.py')], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error) return `${PYTHON}: ${r.error.message}`;
  if (r.status !== 0) return (r.stderr.trim().split('\n').pop() ?? `exit status ${r.status}`) + ' (apt-get install python3-unicorn)';
  return JSON.parse(r.stdout) as UnicornRuns;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** "median (min-max)" of rates. */
function spread(rates: readonly number[]): string {
  return `${median(rates).toFixed(1)} (${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)})`;
}

const dir = mkdtempSync(join(tmpdir(), 'exitscope-bench-cpu-'));
const tables = pageTables();
console.log(`ExitScope CPU vs Unicorn (node ${process.version}; ${runs} timed runs each; MIPS by CPU time: median (min-max))`);
console.log(`${'loop'.padEnd(12)} ${'instructions'.padStart(12)}  ${'ExitScope MIPS'.padEnd(18)} ${'Unicorn MIPS'.padEnd(18)} ${'ratio'.padEnd(6)} wall-clock ratio`);
let worst = Infinity;
try {
  for (const { name, iterations } of LOOPS) {
    if (only && !only.includes(name)) continue;
    const code = assemble(dir, name, iterations);
    runExitScope(code, tables); // warm-up (JIT)
    const es: Sample[] = [];
    for (let r = 0; r < runs; r++) es.push(runExitScope(code, tables));
    const instructions = es[0]!.instructions;
    const mips = (seconds: readonly number[]): number[] => seconds.map((s) => instructions / s / 1e6);
    const esCpu = mips(es.map((s) => s.cpuSeconds));
    const esWall = mips(es.map((s) => s.seconds));
    const uc = runUnicorn(code, tables, runs);
    let rest: string;
    if (typeof uc === 'string') rest = `n/a    Unicorn did not run: ${uc}`;
    else {
      const ucCpu = mips(uc.cpuSeconds);
      const ratio = median(esCpu) / median(ucCpu);
      worst = Math.min(worst, ratio);
      const same = uc.regs.every((v, k) => k === 4 || v === es[0]!.regs[k]);
      rest = `${spread(ucCpu).padEnd(18)} ${`${ratio.toFixed(2)}x`.padEnd(6)} ${(median(esWall) / median(mips(uc.seconds))).toFixed(2)}x` +
        (same ? '' : `  (final registers differ: ExitScope ${es[0]!.regs.map((v) => v.toString(16))} Unicorn ${uc.regs.map((v) => v.toString(16))})`);
    }
    console.log(`${name.padEnd(12)} ${String(instructions).padStart(12)}  ${spread(esCpu).padEnd(18)} ${rest}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (Number.isFinite(worst)) console.log(`lowest ratio: ${worst.toFixed(2)}x (target >= 3x on every loop)`);
