// bench/gen-kvm-trace.ts: deterministic, exact line counts, and text the importer reads in full.
// Expected counts come from plain substring counts over the generated text, not from the importer.
import { describe, expect, it } from 'vitest';
import { generateKvmTraceLines } from '../../../../bench/gen-kvm-trace';
import { measureKvmParse } from '../../../../src/core/trace/kvm';
import type { TraceTextFormat } from '../../../../src/shared/dto';
import { importLines } from './import-helpers';

const FORMATS: TraceTextFormat[] = ['tracefs', 'trace-cmd', 'perf-script'];

describe('generateKvmTraceLines', () => {
  it('is deterministic per seed and yields exactly the requested number of lines', () => {
    for (const f of FORMATS) {
      const a = [...generateKvmTraceLines(f, { lines: 3000, seed: 5 })];
      const b = [...generateKvmTraceLines(f, { lines: 3000, seed: 5 })];
      const c = [...generateKvmTraceLines(f, { lines: 3000, seed: 6 })];
      expect(a).toHaveLength(3000);
      expect(a).toEqual(b);
      expect(a).not.toEqual(c);
      expect([...generateKvmTraceLines(f, { lines: 1 })]).toHaveLength(1);
    }
  });

  it('writes each format in its own layout', () => {
    const first = (f: TraceTextFormat): string[] => [...generateKvmTraceLines(f, { lines: 40, seed: 2 })];
    expect(first('tracefs')[0]).toBe('# tracer: nop');
    expect(first('tracefs').some((l) => / \[\d{3}\] d\.\.\.\. \d+\.\d{6}: kvm_exit: vcpu \d reason /.test(l))).toBe(true);
    expect(first('trace-cmd')[0]).toMatch(/^cpus=\d$/);
    expect(first('trace-cmd').some((l) => /: kvm_exit: {2,}reason \S+ rip 0x[0-9a-f]+ info [0-9a-f]+ [0-9a-f]+$/.test(l))).toBe(true);
    expect(first('perf-script').some((l) => /^ +CPU \d\/KVM +\d+ \[\d{3}\] \d+\.\d{6}: kvm:kvm_exit: vcpu \d /.test(l))).toBe(true);
  });

  it('imports without issues, one exit per kvm_exit line, in the detected format', () => {
    for (const f of FORMATS) {
      const lines = [...generateKvmTraceLines(f, { lines: 20_000, seed: 11 })];
      const count = (needle: string): number => lines.filter((l) => l.includes(needle)).length;
      const vcpuNames = new Set(lines.map((l) => /CPU (\d)\/KVM/.exec(l)?.[1]).filter((x) => x !== undefined));
      const { stats, exits } = importLines(lines);
      expect(stats.format).toBe(f);
      expect(stats.skippedLines).toBe(0);
      expect(stats.exits).toBe(count('kvm_exit:'));
      expect(stats.ioExits).toBe(count('reason IO_INSTRUCTION'));
      expect(stats.vcpus).toBe(vcpuNames.size);
      expect(stats.vcpus).toBeGreaterThanOrEqual(2);
      expect(stats.vcpus).toBeLessThanOrEqual(4);
      expect(exits.filter((e) => e.deviceLocation === 'userspace').length).toBe(count('kvm_userspace_exit:'));
      expect(exits.filter((e) => e.latencyNs !== null && e.latencyNs < 0)).toHaveLength(0);
      expect(exits.filter((e) => e.reason === 'IO_INSTRUCTION' && e.formId === null)).toHaveLength(0);
    }
  });
});

describe('measureKvmParse', () => {
  it('parses the lines it is given and reports a rate (not asserted: machine-dependent)', () => {
    const lines = [...generateKvmTraceLines('tracefs', { lines: 5000, seed: 3 })];
    const m = measureKvmParse(lines, 1);
    expect(m.lines).toBe(5000);
    expect(m.exits).toBe(lines.filter((l) => l.includes('kvm_exit:')).length);
    expect(m.linesPerSec).toBeGreaterThan(0);
  });
});
