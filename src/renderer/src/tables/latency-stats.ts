// Tables of latency statistics: one row per exit reason, one per port-I/O group (port,
// direction, size). Both share the stat columns built from LatencyStats.
import type { LatencyStats, PortStat, ReasonStat } from '../../../shared/dto';
import { formatCount, formatDuration, formatPort, MISSING } from '../format/format';
import type { SortValue, TableColumn, TableModel } from './table-model';

const STAT_COLUMNS: TableColumn[] = [
  { key: 'count', label: 'Exits', numeric: true },
  { key: 'closed', label: 'Closed', numeric: true, title: 'Exits with a measured latency (followed by a kvm_entry)' },
  { key: 'min', label: 'Min', numeric: true },
  { key: 'p50', label: 'p50', numeric: true },
  { key: 'p90', label: 'p90', numeric: true },
  { key: 'p99', label: 'p99', numeric: true },
  { key: 'max', label: 'Max', numeric: true },
  { key: 'total', label: 'Total', numeric: true, title: 'Sum of the closed exits\u2019 latencies' },
];

export function statCells(s: LatencyStats): Record<string, string> {
  return {
    count: formatCount(s.count),
    closed: formatCount(s.closed),
    min: formatDuration(s.minNs),
    p50: formatDuration(s.p50Ns),
    p90: formatDuration(s.p90Ns),
    p99: formatDuration(s.p99Ns),
    max: formatDuration(s.maxNs),
    total: s.closed > 0 ? formatDuration(s.totalNs) : MISSING,
  };
}

/** The raw values of the stat columns, for sorting. */
export function statSortValues(s: LatencyStats): Record<string, SortValue> {
  return { count: s.count, closed: s.closed, min: s.minNs, p50: s.p50Ns, p90: s.p90Ns, p99: s.p99Ns, max: s.maxNs, total: s.totalNs };
}

/** Exit groups by count, largest first; ties keep a stable order by `tieKey`. */
export function byCountDesc<T extends { count: number }>(items: readonly T[], tieKey: (item: T) => string | number): T[] {
  return [...items].sort((a, b) => {
    if (b.count !== a.count) return b.count - a.count;
    const ka = tieKey(a);
    const kb = tieKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export function reasonStatsTable(reasons: readonly ReasonStat[]): TableModel {
  return {
    id: 'reason-stats-table',
    caption: 'Latency by exit reason',
    columns: [
      { key: 'reason', label: 'Reason' },
      { key: 'native', label: 'As traced', title: 'The names the trace itself used' },
      ...STAT_COLUMNS,
    ],
    rows: byCountDesc(reasons, (r) => r.reason).map((r) => ({
      key: r.reason,
      cells: { reason: r.reason, native: r.nativeNames.join(', '), ...statCells(r) },
      sort: statSortValues(r),
    })),
    empty: 'No exits.',
    sortable: true,
  };
}

/** The key of a port-I/O group: "0x3f8/out/1". */
export function portKey(p: Pick<PortStat, 'port' | 'direction' | 'size'>): string {
  return `${formatPort(p.port)}/${p.direction}/${p.size}`;
}

export function portStatsTable(ports: readonly PortStat[]): TableModel {
  return {
    id: 'port-stats-table',
    caption: 'Latency by port, direction and size',
    columns: [
      { key: 'port', label: 'Port', numeric: true },
      { key: 'device', label: 'Device' },
      { key: 'access', label: 'Access', title: 'Direction / bytes per element' },
      ...STAT_COLUMNS,
      { key: 'userspace', label: 'Userspace', numeric: true, title: 'Exits that went out to the userspace device model' },
      { key: 'elements', label: 'Elements', numeric: true, title: 'Elements moved (string I/O moves several per exit)' },
      { key: 'ops', label: 'Operations', numeric: true, title: 'Port operations on this port: each operation of a ring or batched exit on its own port (one per exit otherwise)' },
    ],
    rows: byCountDesc(ports, portKey).map((p) => ({
      key: portKey(p),
      cells: {
        port: formatPort(p.port),
        device: p.device ?? '',
        access: `${p.direction}/${p.size}`,
        ...statCells(p),
        userspace: formatCount(p.userspaceCount),
        elements: formatCount(p.elements),
        ops: formatCount(p.ops),
      },
      sort: { port: p.port, ...statSortValues(p), userspace: p.userspaceCount, elements: p.elements, ops: p.ops },
    })),
    empty: 'No port-I/O exits.',
    sortable: true,
  };
}
