// The table of the slowest exits of a trace (rows from `traces/slowest`, already ordered by the
// host, slowest first).
import type { ExitRow } from '../../../shared/dto';
import { formatDuration, formatPortLabel, formatTraceTime } from '../format/format';
import type { TableModel } from './table-model';

function portCell(row: ExitRow): string {
  return row.port === null ? '' : formatPortLabel(row.port, row.device, row.direction, row.size);
}

export function slowestExitsTable(rows: readonly ExitRow[]): TableModel {
  return {
    id: 'slowest-exits-table',
    caption: `The ${rows.length} slowest exits`,
    columns: [
      { key: 'rank', label: '#', numeric: true },
      { key: 'latency', label: 'Latency', numeric: true },
      { key: 'reason', label: 'Reason' },
      { key: 'port', label: 'Port I/O' },
      { key: 'count', label: 'Elements', numeric: true },
      { key: 'value', label: 'Value', numeric: true },
      { key: 'userspace', label: 'Userspace', title: 'Went out to the userspace device model' },
      { key: 'vcpu', label: 'vCPU', numeric: true },
      { key: 'time', label: 'Time (s)', numeric: true, title: 'Timestamp of the exit in the trace' },
      { key: 'rip', label: 'RIP', numeric: true },
      { key: 'line', label: 'Line', numeric: true, title: 'Line of the kvm_exit in the source file' },
    ],
    rows: rows.map((row, i) => ({
      key: String(row.seq),
      cells: {
        rank: String(i + 1),
        latency: formatDuration(row.latencyNs),
        reason: row.reason,
        port: portCell(row),
        count: row.count === null ? '' : String(row.count),
        value: row.value ?? '',
        userspace: row.userspace ? 'yes' : '',
        vcpu: String(row.vcpu),
        time: formatTraceTime(row.timeNs),
        rip: row.rip ?? '',
        line: row.line === null ? '' : String(row.line),
      },
      sort: { rank: i, latency: row.latencyNs, count: row.count, vcpu: row.vcpu, time: row.timeNs, line: row.line, port: row.port },
    })),
    empty: 'No exits.',
    sortable: true,
  };
}
