// Chart 1: exits by reason (bar of counts, p50/p99 in the tooltip) and its data table.
import type { ReasonStat } from '../../../shared/dto';
import { formatCount, formatDuration, formatPercent } from '../format/format';
import { byCountDesc } from '../tables/latency-stats';
import type { TableModel } from '../tables/table-model';
import { barChart, type BarConfig } from './bar-chart';
import { COLORS } from './theme';

export function sortReasons(reasons: readonly ReasonStat[]): ReasonStat[] {
  return byCountDesc(reasons, (r) => r.reason);
}

export function reasonTooltipLines(stat: ReasonStat): string[] {
  return [`p50: ${formatDuration(stat.p50Ns)}`, `p99: ${formatDuration(stat.p99Ns)}`, `closed: ${formatCount(stat.closed)}`];
}

export function reasonChart(reasons: readonly ReasonStat[]): BarConfig {
  const sorted = sortReasons(reasons);
  return barChart({
    labels: sorted.map((r) => r.reason),
    series: [{ label: 'Exits', values: sorted.map((r) => r.count), color: COLORS.reason }],
    orientation: 'horizontal',
    categoryTitle: 'Exit reason',
    valueTitle: 'Exits',
    tooltipLines: (i) => {
      const stat = sorted[i];
      return stat ? reasonTooltipLines(stat) : [];
    },
  });
}

export function reasonChartTable(reasons: readonly ReasonStat[]): TableModel {
  const total = reasons.reduce((sum, r) => sum + r.count, 0);
  return {
    id: 'reason-chart-data',
    caption: 'Exits by reason',
    columns: [
      { key: 'reason', label: 'Reason' },
      { key: 'count', label: 'Exits', numeric: true },
      { key: 'share', label: 'Share', numeric: true },
      { key: 'p50', label: 'p50', numeric: true },
      { key: 'p99', label: 'p99', numeric: true },
    ],
    rows: sortReasons(reasons).map((r) => ({
      key: r.reason,
      cells: {
        reason: r.reason,
        count: formatCount(r.count),
        share: formatPercent(r.count, total),
        p50: formatDuration(r.p50Ns),
        p99: formatDuration(r.p99Ns),
      },
    })),
    empty: 'No exits.',
  };
}
