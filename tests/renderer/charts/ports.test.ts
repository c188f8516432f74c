import { describe, expect, it } from 'vitest';
import { hasBatchedOps, PORT_CHART_LIMIT, portChart, portChartTable, portLabel, portTooltipLines } from '../../../src/renderer/src/charts/ports';
import { portStat } from '../fixtures';

const ports = [
  portStat(0x80, 'out', 1, 1, { device: 'POST / io_delay', userspaceCount: 1 }),
  portStat(0x3f8, 'out', 1, 4, { device: 'COM1', userspaceCount: 4, p50Ns: 8000, p99Ns: 9000 }),
  portStat(0x3fd, 'in', 1, 2, { device: 'COM1', userspaceCount: 2 }),
  portStat(0x5000, 'out', 2, 1),
];

describe('port-I/O exits by port', () => {
  it('labels each group with port, device and access', () => {
    expect(portLabel(ports[1]!)).toBe('0x3f8 COM1 out/1');
    expect(portLabel(ports[3]!)).toBe('0x5000 out/2');
  });

  it('charts groups by count, ties by port, split into in-kernel and userspace exits', () => {
    const config = portChart(ports);
    expect(config.data.labels).toEqual(['0x3f8 COM1 out/1', '0x3fd COM1 in/1', '0x5000 out/2', '0x80 POST / io_delay out/1']);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['In-kernel device', 'Userspace device model']);
    expect(config.data.datasets[0]?.data).toEqual([0, 0, 1, 0]);
    expect(config.data.datasets[1]?.data).toEqual([4, 2, 0, 1]);
    expect(config.options?.scales?.x?.stacked).toBe(true);
  });

  it(`charts at most ${PORT_CHART_LIMIT} groups, the busiest`, () => {
    const many = Array.from({ length: 30 }, (_, i) => portStat(0x100 + i, 'in', 1, i + 1));
    const config = portChart(many);
    expect(config.data.labels).toHaveLength(PORT_CHART_LIMIT);
    expect(config.data.datasets[0]?.data[0]).toBe(30); // none of them went to userspace
    expect(portChartTable(many).rows).toHaveLength(30);
  });

  it('puts the total and percentiles in the tooltip', () => {
    expect(portTooltipLines(ports[1]!)).toEqual(['total: 4', 'elements: 4', 'operations: 4', 'p50: 8 µs', 'p99: 9 µs']);
  });

  it('tabulates every group', () => {
    const table = portChartTable(ports);
    expect(table.id).toBe('port-chart-data');
    expect(table.rows[0]).toEqual({
      key: '0x3f8/out/1',
      cells: { label: '0x3f8 COM1 out/1', port: '0x3f8', device: 'COM1', access: 'out/1', count: '4', kernel: '0', userspace: '4', ops: '4' },
    });
    expect(table.rows[2]?.cells.device).toBe('');
  });

  it('says the device location is unknown when the trace cannot tell it, instead of counting every exit in-kernel', () => {
    expect(portChartTable(ports, false).rows[0]?.cells).toMatchObject({ kernel: 'unknown', userspace: 'unknown', count: '4' });
    const config = portChart(ports, false);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['Device location unknown (no kvm_userspace_exit in the trace)']);
    expect(config.data.datasets[0]?.data[0]).toBe(4);
  });

  it('charts exits and port operations apart when exits carried several operations (ring, batched)', () => {
    // A ring run: 4 doorbell exits filed under 0x4d0 carry 200 operations, 100 of them on 0x80 (no exit of its own).
    const ring = [portStat(0x4d0, 'out', 1, 4, { ops: 100 }), portStat(0x80, 'out', 1, 0, { ops: 100, closed: 0 })];
    expect(hasBatchedOps(ring)).toBe(true);
    expect(hasBatchedOps(ports)).toBe(false);
    const config = portChart(ring);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['Exits (filed under their first operation\u2019s port)', 'Port operations']);
    expect(config.data.datasets.map((d) => d.data)).toEqual([[4, 0], [100, 100]]);
    expect(portChartTable(ring).rows.map((r) => [r.cells.count, r.cells.ops])).toEqual([['4', '100'], ['0', '100']]);
  });
});
