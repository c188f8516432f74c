// The exit table's columns: title (with unit), tooltip, the sort key the host sorts by (null:
// value and count differ per exit and are not sortable), width, and how a row's cell reads.
// Times are the trace's own: host time of an import (µs digits, as tracefs prints them), the
// guest clock of an emulated run (ns digits). The measure is the import's latency or the run's
// priced cost in cycles (ExitFacets.measure).
import type { ExitSortKey, ExitTableRow } from '../../../shared/explore';
import { formatCount, formatDuration, formatPort, MISSING } from '../format/format';

export interface CellContext {
  measure: 'ns' | 'cycles';
  imported: boolean;
}

export interface ExitColumn {
  id: string;
  title: string;
  tip: string;
  sort: ExitSortKey | null;
  width: number;
  numeric: boolean;
  cell: (r: ExitTableRow, c: CellContext) => string;
}

/** ns as seconds with µs (imports) or ns (emulated) digits. */
export function formatTimeNs(ns: number, digits: 6 | 9): string {
  const whole = Math.floor(ns / 1e9);
  const frac = ns - whole * 1e9;
  const scaled = Math.round(digits === 6 ? frac / 1e3 : frac);
  return `${whole}.${String(Math.min(scaled, 10 ** digits - 1)).padStart(digits, '0')}`;
}

const or = (v: string | number | null): string => (v === null ? MISSING : String(v));

export const EXIT_COLUMNS: readonly ExitColumn[] = [
  { id: 'time', title: 'Time (s)', tip: 'When the exit happened: host time of the kvm_exit for imports, the guest clock for emulated runs', sort: 'time', width: 112, numeric: true, cell: (r, c) => formatTimeNs(r.timeNs, c.imported ? 6 : 9) },
  { id: 'vcpu', title: 'vCPU', tip: 'The virtual CPU that exited', sort: 'vcpu', width: 44, numeric: true, cell: (r) => String(r.vcpu) },
  { id: 'reason', title: 'Reason', tip: 'Canonical exit reason', sort: 'reason', width: 132, numeric: false, cell: (r) => r.reason },
  { id: 'form', title: 'Form', tip: 'Port-I/O form (one of 24) and its mnemonic', sort: 'form', width: 96, numeric: false, cell: (r) => or(r.mnemonic) },
  { id: 'port', title: 'Port', tip: 'I/O port (hex)', sort: 'port', width: 60, numeric: true, cell: (r) => (r.port === null ? MISSING : formatPort(r.port)) },
  { id: 'device', title: 'Device', tip: 'The device model behind the port', sort: 'device', width: 120, numeric: false, cell: (r) => or(r.device) },
  { id: 'location', title: 'Location', tip: 'Where the device model ran: kernel or userspace', sort: 'location', width: 74, numeric: false, cell: (r) => or(r.location) },
  { id: 'direction', title: 'Dir', tip: 'in or out', sort: 'direction', width: 38, numeric: false, cell: (r) => or(r.direction) },
  { id: 'size', title: 'Size (B)', tip: 'Bytes per element', sort: 'size', width: 54, numeric: true, cell: (r) => or(r.size) },
  { id: 'count', title: 'Count', tip: 'Elements moved (string forms); not sortable: it can differ per exit', sort: null, width: 54, numeric: true, cell: (r) => (r.count === null ? MISSING : formatCount(r.count)) },
  { id: 'value', title: 'Value', tip: 'First element\u2019s value (hex); not sortable: it differs per exit', sort: null, width: 84, numeric: true, cell: (r) => or(r.value) },
  {
    id: 'measure', title: 'Latency / cost', tip: 'Imports: latency kvm_exit \u2192 kvm_entry. Emulated and derived runs: the priced cost in cycles (its ns at the profile\u2019s clock in the tooltip of the detail)', sort: 'latency', width: 100, numeric: true,
    cell: (r, c) => (c.measure === 'cycles' ? (r.costCycles === null ? MISSING : `${formatCount(r.costCycles)} cyc`) : formatDuration(r.latencyNs)),
  },
  { id: 'mechanism', title: 'Mechanism', tip: 'How the hypervisor learnt of the exit (imports: the ISA)', sort: 'mechanism', width: 76, numeric: false, cell: (r) => or(r.mechanism) },
];

export const TABLE_WIDTH = EXIT_COLUMNS.reduce((n, c) => n + c.width, 0);
export const GRID_TEMPLATE = EXIT_COLUMNS.map((c) => `${c.width}px`).join(' ');
