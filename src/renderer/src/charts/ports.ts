// Chart 2: port-I/O exits by port, direction and size (labelled like "0x3f8 COM1 out/1"), each
// bar split into exits handled by an in-kernel device and exits that went out to the userspace
// device model (the extra round trip), and its data table. The chart shows the busiest
// PORT_CHART_LIMIT groups; the data table lists them all.
import type { PortStat } from '../../../shared/dto';
import { formatCount, formatDuration, formatPort, formatPortLabel } from '../format/format';
import { byCountDesc, portKey } from '../tables/latency-stats';
import type { TableModel } from '../tables/table-model';
import { barChart, type BarConfig } from './bar-chart';
import { COLORS } from './theme';

export const PORT_CHART_LIMIT = 20;

export function portLabel(p: PortStat): string {
  return formatPortLabel(p.port, p.device, p.direction, p.size);
}

export function sortPorts(ports: readonly PortStat[]): PortStat[] {
  return byCountDesc(ports, portKey);
}

export function portTooltipLines(p: PortStat): string[] {
  return [
    `total: ${formatCount(p.count)}`,
    `elements: ${formatCount(p.elements)}`,
    `operations: ${formatCount(p.ops)}`,
    `p50: ${formatDuration(p.p50Ns)}`,
    `p99: ${formatDuration(p.p99Ns)}`,
  ];
}

/** Whether some exit carried several port operations (ring, batched): then exits and operations are charted apart. */
export function hasBatchedOps(ports: readonly PortStat[]): boolean {
  return ports.some((p) => p.ops !== null && p.ops !== p.count);
}

export function portChart(ports: readonly PortStat[]): BarConfig {
  if (hasBatchedOps(ports)) return portOpsChart(ports);
  const shown = sortPorts(ports).slice(0, PORT_CHART_LIMIT);
  return barChart({
    labels: shown.map(portLabel),
    series: [
      { label: 'In-kernel device', values: shown.map((p) => p.count - p.userspaceCount), color: COLORS.port },
      { label: 'Userspace device model', values: shown.map((p) => p.userspaceCount), color: COLORS.portUserspace },
    ],
    orientation: 'horizontal',
    categoryTitle: 'Port, device, direction/size',
    valueTitle: 'Exits',
    tooltipLines: (i) => {
      const stat = shown[i];
      return stat ? portTooltipLines(stat) : [];
    },
  });
}

/** Ring and batched traces: per port the exits filed under it and the operations on it, side by side. */
function portOpsChart(ports: readonly PortStat[]): BarConfig {
  const shown = [...ports].sort((a, b) => Math.max(b.count, b.ops ?? 0) - Math.max(a.count, a.ops ?? 0) || portKey(a).localeCompare(portKey(b))).slice(0, PORT_CHART_LIMIT);
  return barChart({
    labels: shown.map(portLabel),
    series: [
      { label: 'Exits (filed under their first operation’s port)', values: shown.map((p) => p.count), color: COLORS.port },
      { label: 'Port operations', values: shown.map((p) => p.ops ?? 0), color: COLORS.reason },
    ],
    orientation: 'horizontal',
    stacked: false,
    categoryTitle: 'Port, device, direction/size',
    valueTitle: 'Exits / operations',
    tooltipLines: (i) => {
      const stat = shown[i];
      return stat ? [...portTooltipLines(stat), `userspace exits: ${formatCount(stat.userspaceCount)}`] : [];
    },
  });
}

export function portChartTable(ports: readonly PortStat[]): TableModel {
  return {
    id: 'port-chart-data',
    caption: 'Port-I/O exits by port',
    columns: [
      { key: 'label', label: 'Group' },
      { key: 'port', label: 'Port', numeric: true },
      { key: 'device', label: 'Device' },
      { key: 'access', label: 'Access' },
      { key: 'count', label: 'Exits', numeric: true },
      { key: 'kernel', label: 'In-kernel', numeric: true },
      { key: 'userspace', label: 'Userspace', numeric: true },
      { key: 'ops', label: 'Operations', numeric: true, title: 'Port operations on this port: each operation of a ring or batched exit on its own port' },
    ],
    rows: sortPorts(ports).map((p) => ({
      key: portKey(p),
      cells: {
        label: portLabel(p),
        port: formatPort(p.port),
        device: p.device ?? '',
        access: `${p.direction}/${p.size}`,
        count: formatCount(p.count),
        kernel: formatCount(p.count - p.userspaceCount),
        userspace: formatCount(p.userspaceCount),
        ops: formatCount(p.ops),
      },
    })),
    empty: 'No port-I/O exits.',
  };
}
