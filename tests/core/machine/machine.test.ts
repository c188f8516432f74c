// The machine run loop with real workload images on the real CPU and PC platform: runs to
// completion in both builds, keeps device time exact, delivers interrupts, counts port accesses,
// and stops with a clear reason at budgets, on idle guests and on cancel.
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../src/core/machine/machine';
import { pcPlatformConfig } from '../../../src/core/machine/platform-config';
import { decodeResults, getWorkload, loadWorkloadImage, patchParams, resolveParams } from '../../../src/core/workloads/index';
import type { Build } from '../../../src/core/workloads/index';

const HZ = 1_000_000_000;

function machineFor(id: string, build: Build, values: Record<string, number | string> = {}): Machine {
  const w = getWorkload(id);
  return new Machine({ platform: pcPlatformConfig(HZ), image: patchParams(w, loadWorkloadImage(id, build), values) });
}

function resultsOf(m: Machine, id: string, values: Record<string, number | string> = {}) {
  const w = getWorkload(id);
  return decodeResults(w, m.results(), { params: resolveParams(w, values), cpuHz: HZ });
}

describe('Machine', () => {
  it.each(['native', 'pv'] as const)('runs the polled serial console to completion (%s) and the UART prints the text', (build) => {
    const text = 'ExitScope says hi\r\n';
    const m = machineFor('serial_polled', build, { text, iterations: 2 });
    const stop = m.runToEnd({ maxInstructions: 50_000_000 });
    expect(stop.kind, stop.message).toBe('done');
    expect(m.platform.devices.uart!.output).toBe(text + text);
    const r = resultsOf(m, 'serial_polled', { text, iterations: 2 });
    expect(r.status).toBe('done');
    // Every byte is one THR write at 0x3f8, plus the divisor latch's low byte (DLAB = 1) written
    // once at init; the LSR (0x3fd) is polled at least once per byte.
    expect(m.ports.writes[0x3f8]).toBe(2 * text.length + 1);
    expect(m.ports.reads[0x3fd]).toBeGreaterThanOrEqual(2 * text.length);
  });

  it('takes timer interrupts while the guest idles in HLT (PIT/PIC workload)', () => {
    const m = machineFor('pit_timer', 'native');
    const stop = m.runToEnd({ maxInstructions: 50_000_000 });
    expect(stop.kind, stop.message).toBe('done');
    const r = resultsOf(m, 'pit_timer');
    expect(r.status).toBe('done');
    expect(r.fields.irqs).toBeGreaterThan(0);
    // Each tick is acknowledged with an EOI to the master PIC's command port.
    expect(m.ports.writes[0x20]).toBeGreaterThanOrEqual(r.fields.irqs as number);
  });

  it('stops at an instruction budget with a reason that says so', () => {
    const m = machineFor('vmcall', 'native', { iterations: 1_000_000 });
    const stop = m.runToEnd({ maxInstructions: 10_000 });
    expect(stop).toEqual({ kind: 'budget', message: 'instruction budget of 10,000 reached before the guest finished' });
    expect(m.cpu.instructions).toBeGreaterThanOrEqual(10_000);
  });

  it('runs asynchronously with progress and can be cancelled', async () => {
    const m = machineFor('vmcall', 'native', { iterations: 1_000_000 });
    const ctl = new AbortController();
    const seen: number[] = [];
    const stop = await m.run({
      signal: ctl.signal,
      sliceInstructions: 20_000,
      onProgress: (p) => {
        seen.push(p.instructions);
        if (seen.length === 3) ctl.abort();
      },
    });
    expect(stop.kind).toBe('cancelled');
    expect(seen).toHaveLength(3);
    expect(seen[1]!).toBeGreaterThan(seen[0]!);
  });

  it('gives the same cycle count and results on every run (deterministic)', () => {
    const a = machineFor('inl_from_pmtimer', 'native', { iterations: 100 });
    const b = machineFor('inl_from_pmtimer', 'native', { iterations: 100 });
    a.runToEnd();
    b.runToEnd();
    expect(a.cpu.cycles).toBe(b.cpu.cycles);
    expect(a.results()).toEqual(b.results());
  });
});
