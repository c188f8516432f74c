// Chart 3: the latency histogram over the host's log-spaced buckets (bars touch, x labels are
// each bucket's lower bound as a duration) and its data table. Empty buckets before the first
// and after the last non-empty one are trimmed; empty buckets in between are kept, so the
// x axis stays log-uniform.
import type { Histogram, HistogramBucket } from '../../../shared/dto';
import { formatCount, formatDuration } from '../format/format';
import type { TableModel } from '../tables/table-model';
import { barChart, type BarConfig } from './bar-chart';
import { COLORS } from './theme';

export function trimBuckets(buckets: readonly HistogramBucket[]): HistogramBucket[] {
  const first = buckets.findIndex((b) => b.count > 0);
  if (first < 0) return [];
  let last = buckets.length - 1;
  while (last > first && (buckets[last]?.count ?? 0) === 0) last -= 1;
  return buckets.slice(first, last + 1);
}

export function bucketRange(b: HistogramBucket): string {
  return `[${formatDuration(b.loNs)}, ${formatDuration(b.hiNs)})`;
}

export function histogramTotal(h: Histogram): number {
  return h.buckets.reduce((sum, b) => sum + b.count, 0);
}

export function histogramChart(h: Histogram): BarConfig {
  const buckets = trimBuckets(h.buckets);
  return barChart({
    labels: buckets.map((b) => formatDuration(b.loNs)),
    series: [{ label: 'Exits', values: buckets.map((b) => b.count), color: COLORS.histogram }],
    orientation: 'vertical',
    categoryTitle: 'Latency (bucket lower bound, log scale)',
    valueTitle: 'Exits',
    contiguous: true,
    tooltipTitle: (i) => {
      const bucket = buckets[i];
      return bucket ? bucketRange(bucket) : '';
    },
  });
}

export function histogramTable(h: Histogram): TableModel {
  return {
    id: 'histogram-chart-data',
    caption: `Latency histogram (${formatCount(histogramTotal(h))} closed exits)`,
    columns: [
      { key: 'from', label: 'From', numeric: true },
      { key: 'to', label: 'To (excl.)', numeric: true },
      { key: 'count', label: 'Exits', numeric: true },
    ],
    rows: trimBuckets(h.buckets).map((b) => ({
      key: String(b.index),
      cells: { from: formatDuration(b.loNs), to: formatDuration(b.hiNs), count: formatCount(b.count) },
    })),
    empty: 'No closed exits.',
  };
}
