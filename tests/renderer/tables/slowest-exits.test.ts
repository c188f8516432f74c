import { describe, expect, it } from 'vitest';
import { slowestExitsTable } from '../../../src/renderer/src/tables/slowest-exits';
import { exitRow } from '../fixtures';

describe('slowest exits table', () => {
  it('ranks rows in the order the host gave and formats each field', () => {
    const table = slowestExitsTable([
      exitRow({ seq: 7, reason: 'HLT', reasonNative: 'HLT', latencyNs: 260_000, port: null, direction: null, size: null, count: null, value: null, device: null, userspace: false, timeNs: 1_000_000_190_000, line: 30 }),
      exitRow(),
    ]);
    expect(table.caption).toBe('The 2 slowest exits');
    expect(table.rows.map((r) => r.key)).toEqual(['7', '1']);
    expect(table.rows[0]?.cells).toMatchObject({ rank: '1', latency: '260 µs', reason: 'HLT', port: '', userspace: '', time: '1000.000190', line: '30' });
    expect(table.rows[1]?.cells).toMatchObject({ rank: '2', latency: '9 µs', port: '0x3f8 COM1 out/1', value: '0x41', userspace: 'yes', vcpu: '0', rip: '0xffffffff8102a1c2' });
  });

  it('shows an open exit (never re-entered) with a dash', () => {
    expect(slowestExitsTable([exitRow({ latencyNs: null })]).rows[0]?.cells.latency).toBe('—');
  });
});
