#!/usr/bin/env node
// Rebuilds every guest workload binary with nasm: each top-level source
// src/core/workloads/asm/<id>.asm becomes bin/<id>.native.bin and (with -DPARAVIRT)
// bin/<id>.pv.bin. Flat binaries carry no timestamps, so the output is byte-for-byte
// deterministic for a given nasm version. The shared %include files live in asm/kernel,
// asm/lib and asm/drivers and are not built on their own.
//   node scripts/build-workloads.mjs [--out DIR] [--nasm PATH] [--only ID[,ID...]]
// Exit status 2 when nasm is missing, 1 when a source fails to assemble.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const asmDir = join(root, 'src/core/workloads/asm');

function parseArgs(argv) {
  const opts = { out: join(root, 'src/core/workloads/bin'), nasm: 'nasm', only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') opts.out = resolve(value());
    else if (a === '--nasm') opts.nasm = value();
    else if (a === '--only') opts.only = new Set(value().split(','));
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const probe = spawnSync(opts.nasm, ['-v'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.error(`build-workloads: nasm not found (${opts.nasm}); install nasm 2.15 or later`);
  process.exit(2);
}
mkdirSync(opts.out, { recursive: true });

const sources = readdirSync(asmDir).filter((f) => f.endsWith('.asm')).sort();
const unknown = [...(opts.only ?? [])].filter((id) => !sources.includes(`${id}.asm`));
if (unknown.length > 0) {
  console.error(`build-workloads: no source for ${unknown.join(', ')} in ${asmDir}`);
  process.exit(1);
}
let failed = 0;
let built = 0;
for (const file of sources) {
  const id = file.slice(0, -4);
  if (opts.only && !opts.only.has(id)) continue;
  built++;
  for (const [build, defines] of [['native', []], ['pv', ['-DPARAVIRT']]]) {
    const out = join(opts.out, `${id}.${build}.bin`);
    const r = spawnSync(opts.nasm, ['-f', 'bin', '-I', `${asmDir}/`, ...defines, '-o', out, join(asmDir, file)], {
      encoding: 'utf8',
      cwd: asmDir,
    });
    if (r.status !== 0) {
      failed++;
      console.error(`build-workloads: ${file} (${build}) failed:\n${r.stderr}`);
    } else if (r.stderr.trim() !== '') {
      console.error(`build-workloads: ${file} (${build}) warnings:\n${r.stderr}`);
    }
  }
}
if (failed > 0) process.exit(1);
console.log(`build-workloads: built ${built} workloads (native and pv) into ${opts.out}`);
