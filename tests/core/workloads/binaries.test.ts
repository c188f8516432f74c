// The committed binaries are exactly what the sources assemble to: rebuild everything with
// nasm into a temporary directory and compare byte for byte. Skips where nasm is missing
// (CI installs it); fix a failure with `npm run build:workloads`.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASM_DIR, BIN_DIR, ROOT, toolAvailable } from './tools';

const hasNasm = toolAvailable('nasm');
if (!hasNasm) console.warn('workload binaries test skipped: nasm is not installed (apt-get install nasm)');

const tempDirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasNasm)('committed workload binaries', () => {
  it('match a fresh nasm build of every source, native and paravirtual', () => {
    const out = tempDir('exs-workloads-');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-workloads.mjs'), '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const sources = readdirSync(ASM_DIR).filter((f) => f.endsWith('.asm')).map((f) => f.slice(0, -4)).sort();
    const built = readdirSync(out).sort();
    expect(built).toEqual(sources.flatMap((id) => [`${id}.native.bin`, `${id}.pv.bin`]).sort());
    const committed = readdirSync(BIN_DIR).filter((f) => f.endsWith('.bin')).sort();
    expect(committed, 'bin/ holds exactly the built files').toEqual(built);
    for (const name of built) {
      const fresh = readFileSync(join(out, name));
      const ours = readFileSync(join(BIN_DIR, name));
      expect(ours.equals(fresh), `${name} differs from its source: run npm run build:workloads`).toBe(true);
    }
  });

  it('builds deterministically', () => {
    const a = tempDir('exs-wl-a-');
    const b = tempDir('exs-wl-b-');
    for (const dir of [a, b]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build-workloads.mjs'), '--out', dir, '--only', 'vmcall,ne2000_tx'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
    }
    for (const name of readdirSync(a)) expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name)))).toBe(true);
  });
});
