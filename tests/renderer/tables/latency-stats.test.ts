import { describe, expect, it } from 'vitest';
import { byCountDesc, portKey, portStatsTable, reasonStatsTable, statCells } from '../../../src/renderer/src/tables/latency-stats';
import { portStat, reasonStat, stats } from '../fixtures';

describe('latency stats tables', () => {
  it('formats every stat column, dashes for missing ones', () => {
    expect(statCells(stats({ count: 1234, closed: 1200, minNs: 250, p50Ns: 1200, p90Ns: 3000, p99Ns: 3_000_000, maxNs: null, totalNs: 5_000_000 }))).toEqual({
      count: '1,234',
      closed: '1,200',
      min: '250 ns',
      p50: '1.2 µs',
      p90: '3 µs',
      p99: '3 ms',
      max: '—',
      total: '5 ms',
    });
  });

  it('orders groups by count then by key, without touching the input', () => {
    const input = [{ count: 1, k: 'b' }, { count: 5, k: 'z' }, { count: 1, k: 'a' }];
    expect(byCountDesc(input, (x) => x.k).map((x) => x.k)).toEqual(['z', 'a', 'b']);
    expect(input.map((x) => x.k)).toEqual(['b', 'z', 'a']);
  });

  it('has one row per reason with the names the trace used', () => {
    const table = reasonStatsTable([reasonStat('IO_INSTRUCTION', 3, { nativeNames: ['IO_INSTRUCTION', 'io'] })]);
    expect(table.id).toBe('reason-stats-table');
    expect(table.columns.map((c) => c.key)).toEqual(['reason', 'native', 'count', 'closed', 'min', 'p50', 'p90', 'p99', 'max', 'total']);
    expect(table.rows[0]?.cells.native).toBe('IO_INSTRUCTION, io');
  });

  it('has one row per port group with userspace count and elements', () => {
    const p = portStat(0x1f0, 'in', 2, 3, { device: 'ATA primary', userspaceCount: 3, elements: 768 });
    expect(portKey(p)).toBe('0x1f0/in/2');
    const row = portStatsTable([p]).rows[0];
    expect(row?.key).toBe('0x1f0/in/2');
    expect(row?.cells).toMatchObject({ port: '0x1f0', device: 'ATA primary', access: 'in/2', count: '3', userspace: '3', elements: '768' });
    expect(row?.sort).toMatchObject({ port: 0x1f0, count: 3, userspace: 3, elements: 768, min: null });
  });

  it('gives the raw nanoseconds to sort by', () => {
    const table = reasonStatsTable([reasonStat('HLT', 2, { p99Ns: 260_000, totalNs: 380_000 })]);
    expect(table.sortable).toBe(true);
    expect(table.rows[0]?.sort).toMatchObject({ count: 2, p99: 260_000, total: 380_000 });
  });
});
