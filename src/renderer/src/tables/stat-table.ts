// The perf-kvm-stat view's tables, from a StatReport: per reason or port group the columns of
// `perf kvm stat report` (samples, samples %, time %, min, max, mean ± stddev) plus p50/p90/p99 and,
// for ports, operations; the per-vCPU breakdown; and the exits-per-second chart. Every column
// sorts (perf's --key), with human titles and units. Pure.
import type { ExitRate, StatReport } from '../../../shared/compare';
import { barChart, type BarConfig } from '../charts/bar-chart';
import { COLORS } from '../charts/theme';
import { formatCount, formatDuration, formatSignificant, MISSING } from '../format/format';
import type { TableModel } from './table-model';

const pct = (share: number | null): string => (share === null ? MISSING : `${(100 * share).toFixed(2)}%`);

export function statTable(r: StatReport): TableModel {
  const port = r.event === 'port';
  return {
    id: 'stat-table',
    caption: `${port ? 'Port I/O' : 'VM exits'} of ${r.vcpu === null ? 'all vCPUs' : `vCPU ${r.vcpu}`} (click a column to sort, as perf kvm stat --key)`,
    columns: [
      { key: 'label', label: port ? 'Port, device, access' : 'Exit reason' },
      { key: 'count', label: 'Samples', numeric: true, title: 'Exits in the group' },
      { key: 'samples', label: 'Samples %', numeric: true, title: 'Share of the report\u2019s exits' },
      { key: 'time', label: 'Time %', numeric: true, title: 'Share of the report\u2019s Σ latency (closed exits)' },
      { key: 'min', label: 'Min', numeric: true },
      { key: 'max', label: 'Max', numeric: true },
      { key: 'mean', label: 'Mean', numeric: true, title: 'Σ latency ÷ closed exits' },
      { key: 'stddev', label: '± Stddev', numeric: true, title: 'Population standard deviation, from Σx and Σx² of the closed exits' },
      { key: 'p50', label: 'p50', numeric: true, title: 'Nearest-rank' },
      { key: 'p90', label: 'p90', numeric: true, title: 'Nearest-rank' },
      { key: 'p99', label: 'p99', numeric: true, title: 'Nearest-rank' },
      { key: 'total', label: 'Total time', numeric: true, title: 'Σ latency of the closed exits' },
      ...(port ? [{ key: 'ops', label: 'Operations', numeric: true, title: 'Port operations on this group: each operation of a ring or batched exit on its own port (not kept per vCPU)' }] : []),
    ],
    rows: r.rows.map((x) => ({
      key: x.key,
      cells: {
        label: x.label, count: formatCount(x.count), samples: pct(x.samplesShare), time: pct(x.timeShare),
        min: formatDuration(x.minNs), max: formatDuration(x.maxNs), mean: formatDuration(x.meanNs), stddev: formatDuration(x.stddevNs),
        p50: formatDuration(x.p50Ns), p90: formatDuration(x.p90Ns), p99: formatDuration(x.p99Ns), total: formatDuration(x.totalNs),
        ops: formatCount(x.ops),
      },
      sort: {
        label: x.label, count: x.count, samples: x.samplesShare, time: x.timeShare, min: x.minNs, max: x.maxNs, mean: x.meanNs,
        stddev: x.stddevNs, p50: x.p50Ns, p90: x.p90Ns, p99: x.p99Ns, total: x.totalNs, ops: x.ops,
      },
    })),
    empty: port ? 'No port-I/O exits.' : 'No exits.',
    sortable: true,
  };
}

export function vcpuTable(r: StatReport): TableModel {
  return {
    id: 'stat-vcpu-table',
    caption: 'Per vCPU (all exit reasons)',
    columns: [
      { key: 'vcpu', label: 'vCPU', numeric: true },
      { key: 'count', label: 'Exits', numeric: true },
      { key: 'share', label: 'Exits %', numeric: true },
      { key: 'min', label: 'Min', numeric: true },
      { key: 'max', label: 'Max', numeric: true },
      { key: 'mean', label: 'Mean', numeric: true },
      { key: 'total', label: 'Total time', numeric: true },
    ],
    rows: r.vcpus.map((v) => ({
      key: String(v.vcpu),
      cells: {
        vcpu: String(v.vcpu), count: formatCount(v.count), share: pct(v.samplesShare), min: formatDuration(v.minNs), max: formatDuration(v.maxNs),
        mean: formatDuration(v.meanNs), total: formatDuration(v.totalNs),
      },
      sort: { vcpu: v.vcpu, count: v.count, share: v.samplesShare, min: v.minNs, max: v.maxNs, mean: v.meanNs, total: v.totalNs },
    })),
    empty: r.perVcpuRecorded ? 'No exits.' : 'Not recorded: this trace was stored before per-vCPU summaries existed.',
    sortable: true,
  };
}

export function rateChart(rate: ExitRate): BarConfig {
  return barChart({
    labels: rate.points.map((p) => formatDuration(p.startNs)),
    series: [{ label: 'Exits per second', values: rate.points.map((p) => p.perSecond), color: COLORS.reason }],
    orientation: 'vertical',
    categoryTitle: `Time since the first exit (${formatDuration(rate.bucketNs)} buckets)`,
    valueTitle: 'Exits per second',
    contiguous: true,
    formatValue: (v) => (v >= 1000 ? formatCount(Math.round(v)) : formatSignificant(v, 3)),
    tooltipLines: (i) => [`exits in the bucket: ${formatCount(rate.points[i]?.exits ?? 0)}`],
  });
}

export function rateTable(rate: ExitRate): TableModel {
  return {
    id: 'stat-rate-data',
    caption: 'Exits per second over time',
    columns: [
      { key: 'from', label: 'From', numeric: true },
      { key: 'exits', label: 'Exits', numeric: true },
      { key: 'rate', label: 'Exits per second', numeric: true },
    ],
    rows: rate.points.map((p) => ({ key: String(p.startNs), cells: { from: formatDuration(p.startNs), exits: formatCount(p.exits), rate: formatCount(Math.round(p.perSecond)) } })),
    empty: 'No exits.',
  };
}
