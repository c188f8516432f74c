// `exitscope workloads` and `exitscope run` through the real binary: the catalogue, a workload
// run on the emulated machine in both builds, and clear errors for bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../../../src/core/workloads/index';

const BIN = fileURLToPath(new URL('../../../bin/exitscope.mjs', import.meta.url));

function exitscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('exitscope workloads / run', () => {
  it('lists every workload of the catalogue and shows one with its parameters', () => {
    const r = exitscope('workloads');
    expect(r.status).toBe(0);
    for (const w of WORKLOADS) expect(r.stdout).toContain(w.id);
    const show = exitscope('workloads', 'show', 'serial_polled');
    expect(show.stdout).toContain('Parameters (--param name=value)');
    expect(show.stdout).toMatch(/iterations/);
  });

  it('runs a workload natively and paravirtualized with the same port accesses', () => {
    const r = exitscope('run', '--workload', 'serial_polled', '--build', 'both', '--param', 'iterations=1', '--param', 'text=abc', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const reports = JSON.parse(r.stdout) as { build: string; stop: { kind: string }; uartOutput: string; ports: { port: number; writes: number }[] }[];
    expect(reports.map((x) => [x.build, x.stop.kind, x.uartOutput])).toEqual([['native', 'done', 'abc'], ['pv', 'done', 'abc']]);
    // THR writes: 3 bytes + the divisor latch low byte at init, in both builds.
    for (const x of reports) expect(x.ports.find((p) => p.port === 0x3f8)?.writes).toBe(4);
  });

  it('names the bad parameter or workload', () => {
    const bad = exitscope('run', '--workload', 'vmcall', '--param', 'iterations=0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('iterations');
    const unknown = exitscope('run', '--workload', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('nope');
  });

  it('stops at the instruction budget and says so (exit code 1)', () => {
    const r = exitscope('run', '--workload', 'vmcall', '--param', 'iterations=1000000', '--max-instructions', '5000');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('budget — instruction budget of 5,000 reached before the guest finished');
  });
});

describe('exitscope run --mechanism', () => {
  it('runs a workload under each mechanism, prices every exit and stores each run', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'exitscope-run-')), 'runs.exitscope');
    const r = exitscope('run', '--workload', 'outl_to_kernel', '--mechanism', 'vmx,hypercall', '--profile', 'kvm-2012', '--param', 'iterations=200', '--db', db, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runs = JSON.parse(r.stdout) as { traceId: number; mechanism: string; exits: number; exitCycles: number; results: { derived: { cyclesPerIteration: number } } }[];
    expect(runs.map((x) => [x.traceId, x.mechanism, x.exits])).toEqual([[1, 'vmx', 200], [2, 'hypercall', 200]]);
    // kvm-unit-tests 2012 outl_to_kernel: 4451 cycles per iteration, measured by the guest's RDTSC.
    expect(Math.abs(runs[0]!.results.derived.cyclesPerIteration - 4451) / 4451).toBeLessThan(0.05);
    const list = exitscope('traces', '--db', db, '--json');
    const traces = JSON.parse(list.stdout) as { name: string; kind: string; exitCount: number }[];
    expect(traces.map((t) => [t.name, t.kind, t.exitCount])).toEqual([
      ['outl_to_kernel hypercall kvm-2012', 'emulated', 200],
      ['outl_to_kernel vmx kvm-2012', 'emulated', 200],
    ]);
  });

  it('places a device model with --device (the NE2000 in the kernel: no userspace round trip), and names a bad one', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'exitscope-run-')), 'runs.exitscope');
    const args = ['run', '--workload', 'inl_from_kernel', '--mechanism', 'vmx', '--profile', 'kvm-2012', '--param', 'port=0x307', '--param', 'iterations=100', '--db', db, '--json'];
    type Run = { components: { userspace: number }; results: { derived: { cyclesPerIteration: number } } };
    const hosted = JSON.parse(exitscope(...args).stdout) as Run[];
    const inKernel = JSON.parse(exitscope(...args, '--device', 'ne2000=kernel').stdout) as Run[];
    expect(hosted[0]!.components.userspace).toBeGreaterThan(0);
    expect(inKernel[0]!.components.userspace).toBe(0);
    expect(inKernel[0]!.results.derived.cyclesPerIteration).toBeLessThan(hosted[0]!.results.derived.cyclesPerIteration);
    const bad = exitscope(...args, '--device', 'nic=kernel');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--device nic=kernel');
  });

  it('says which profile parameter is missing for a mechanism it cannot price', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'exitscope-run-')), 'runs.exitscope');
    const r = exitscope('run', '--workload', 'outl_to_kernel', '--mechanism', 'trap', '--profile', 'kvm-2012', '--db', db);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('entry.trap');
  });
});
