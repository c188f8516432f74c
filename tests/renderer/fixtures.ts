// Small DTO factories for the renderer's unit tests: realistic summaries without a host.
import type { ExitRow, Histogram, LatencyStats, PortStat, ReasonStat } from '../../src/shared/dto';

export function stats(overrides: Partial<LatencyStats> = {}): LatencyStats {
  return { count: 0, closed: 0, minNs: null, p50Ns: null, p90Ns: null, p99Ns: null, maxNs: null, meanNs: null, totalNs: 0, ...overrides };
}

export function reasonStat(reason: string, count: number, overrides: Partial<ReasonStat> = {}): ReasonStat {
  return { ...stats({ count, closed: count }), reason, nativeNames: [reason], ...overrides };
}

export function portStat(port: number, direction: 'in' | 'out', size: number, count: number, overrides: Partial<PortStat> = {}): PortStat {
  return { ...stats({ count, closed: count }), port, direction, size, device: null, userspaceCount: 0, elements: count, ops: count, ...overrides } as PortStat;
}

/** A log2 histogram with `perOctave` buckets per octave, counts placed by bucket index. */
export function histogram(perOctave: number, counts: Record<number, number>, size = 64): Histogram {
  return {
    derivation: `log2, ${perOctave} buckets per octave, bucket i = [2^(i/${perOctave}), 2^((i+1)/${perOctave})) ns`,
    bucketsPerOctave: perOctave,
    buckets: Array.from({ length: size }, (_, index) => ({
      index,
      loNs: Math.round(2 ** (index / perOctave)),
      hiNs: Math.round(2 ** ((index + 1) / perOctave)),
      count: counts[index] ?? 0,
    })),
  };
}

export function exitRow(overrides: Partial<ExitRow> = {}): ExitRow {
  return {
    seq: 1,
    timeNs: 1_000_000_100_000,
    vcpu: 0,
    rip: '0xffffffff8102a1c2',
    reason: 'IO_INSTRUCTION',
    reasonNative: 'IO_INSTRUCTION',
    latencyNs: 9000,
    port: 0x3f8,
    direction: 'out',
    size: 1,
    count: 1,
    value: '0x41',
    device: 'COM1',
    userspace: true,
    line: 12,
    ...overrides,
  };
}
