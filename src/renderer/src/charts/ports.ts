// Chart 2: port-I/O exits by port, direction and size (labelled like "0x3f8 COM1 out/1"), each
// bar split into exits handled by an in-kernel device and exits that went out to the userspace
// device model (the extra round trip) — or, when the trace cannot tell them apart, one bar
// saying the location is unknown — and its data table. The chart shows the busiest
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

/** `locationKnown` as in portChartTable: false shows one series, "device location unknown". */
export function portChart(ports: readonly PortStat[], locationKnown = true): BarConfig {
  if (hasBatchedOps(ports)) return portOpsChart(ports);
  const shown = sortPorts(ports).slice(0, PORT_CHART_LIMIT);
  return barChart({
    labels: shown.map(portLabel),
    series: locationKnown
      ? [
          { label: 'In-kernel device', values: shown.map((p) => p.count - p.userspaceCount), color: COLORS.port },
          { label: 'Userspace device model', values: shown.map((p) => p.userspaceCount), color: COLORS.portUserspace },
        ]
      : [{ label: 'Device location unknown (no kvm_userspace_exit in the trace)', values: shown.map((p) => p.count), color: COLORS.port }],
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

/**
 * `locationKnown`: false when the trace cannot tell in-kernel from userspace (an imported trace
 * without kvm_userspace_exit): the in-kernel and userspace cells then say so instead of a count.
 */
export function portChartTable(ports: readonly PortStat[], locationKnown = true): TableModel {
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
        kernel: locationKnown ? formatCount(p.count - p.userspaceCount) : 'unknown',
        userspace: locationKnown ? formatCount(p.userspaceCount) : 'unknown',
        ops: formatCount(p.ops),
      },
    })),
    empty: 'No port-I/O exits.',
  };
}
