import { describe, expect, it } from 'vitest';
import {
  MISSING,
  csvFileName,
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatPort,
  formatPortLabel,
  formatSignificant,
  formatTraceTime,
} from '../../../src/renderer/src/format/format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ns'],
    [7, '7 ns'],
    [250, '250 ns'],
    [999, '999 ns'],
    [999.6, '1 µs'],
    [1000, '1 µs'],
    [1200, '1.2 µs'],
    [1234, '1.23 µs'],
    [12_345, '12.3 µs'],
    [123_456, '123 µs'],
    [999_700, '1 ms'],
    [3_000_000, '3 ms'],
    [260_000, '260 µs'],
    [1_500_000_000, '1.5 s'],
    [125_000_000_000, '125 s'],
    [-1200, '-1.2 µs'],
  ])('%s ns → %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it('shows a dash for a missing value', () => {
    expect(formatDuration(null)).toBe(MISSING);
    expect(formatDuration(Number.NaN)).toBe(MISSING);
  });
});

describe('formatSignificant', () => {
  it('keeps at most three significant digits and drops trailing zeros', () => {
    expect(formatSignificant(1.2)).toBe('1.2');
    expect(formatSignificant(1.20001)).toBe('1.2');
    expect(formatSignificant(0.012345)).toBe('0.0123');
    expect(formatSignificant(98765)).toBe('98765');
    expect(formatSignificant(4.5678, 2)).toBe('4.6');
  });
});

describe('counts, ports, bytes, percentages', () => {
  it('groups thousands with commas whatever the locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(12_345_678)).toBe('12,345,678');
    expect(formatCount(null)).toBe(MISSING);
  });

  it('prints ports in lower-case hex as Linux does', () => {
    expect(formatPort(0x3f8)).toBe('0x3f8');
    expect(formatPort(0x80)).toBe('0x80');
    expect(formatPort(0xcfc)).toBe('0xcfc');
    expect(formatPort(0)).toBe('0x0');
  });

  it('labels a port-I/O group with device and access', () => {
    expect(formatPortLabel(0x3f8, 'COM1', 'out', 1)).toBe('0x3f8 COM1 out/1');
    expect(formatPortLabel(0xcfc, 'PCI config data', 'in', 4)).toBe('0xcfc PCI config data in/4');
    expect(formatPortLabel(0x5000, null, 'out', 2)).toBe('0x5000 out/2');
    expect(formatPortLabel(0x3f8, 'COM1', null, null)).toBe('0x3f8 COM1');
  });

  it('sizes bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
  });

  it('gives a share with one decimal, or a dash for an empty whole', () => {
    expect(formatPercent(1, 3)).toBe('33.3%');
    expect(formatPercent(10, 14)).toBe('71.4%');
    expect(formatPercent(1, 0)).toBe(MISSING);
  });
});

describe('times', () => {
  it('prints a trace timestamp with microsecond digits', () => {
    expect(formatTraceTime(1_000_000_100_000)).toBe('1000.000100');
    expect(formatTraceTime(12_345_678_901)).toBe('12.345679');
    expect(formatTraceTime(0)).toBe('0.000000');
  });

  it('prints a creation time in local time', () => {
    const local = new Date(2026, 10, 24, 8, 5, 59);
    expect(formatDateTime(local.toISOString())).toBe('2026-11-24 08:05');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('csvFileName', () => {
  it('replaces the trace file\u2019s extension with .csv', () => {
    expect(csvFileName('kvm-tracefs-two-vcpus.txt')).toBe('kvm-tracefs-two-vcpus.csv');
    expect(csvFileName('boot trace')).toBe('boot trace.csv');
  });

  it('never proposes a path or an empty name', () => {
    expect(csvFileName('a/b\\c:d.txt')).toBe('a_b_c_d.csv');
    expect(csvFileName('.txt')).toBe('trace.csv');
  });
});
