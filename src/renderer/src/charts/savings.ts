// The savings view's charts and tables, built from a RunSavings: per mechanism the cycles spent
// in exits, their share of guest time, what each saves against the baseline and the workload's
// own result figures; per form the cycles each mechanism saves against the baseline. Every
// derived column carries its derivation as the header's tooltip. Pure.
import type { MechanismSavings, RunSavings } from '../../../shared/runs';
import { formatCount, formatPercent, formatSignificant, humanizeName, MISSING } from '../format/format';
import type { TableModel } from '../tables/table-model';
import { barChart, type BarConfig } from './bar-chart';
import { COLORS, MECHANISM_COLORS } from './theme';

const colorOf = (m: string): string => MECHANISM_COLORS[m] ?? COLORS.reason;

/** "trap #12"; "(cancelled)" when the run was cut short. */
export function mechanismLabel(m: Pick<MechanismSavings, 'mechanism' | 'traceId' | 'status'>): string {
  return `${m.mechanism} #${m.traceId}${m.status === 'complete' ? '' : ` (${m.status})`}`;
}

/** A share of guest time: "69.4%". */
export function formatShare(share: number | null): string {
  return share === null ? MISSING : formatPercent(share, 1);
}

/** Saved cycles as a share of the baseline's: "86.2%". */
export function savedShare(s: RunSavings, m: MechanismSavings): string {
  const base = s.mechanisms.find((x) => x.traceId === s.baseline.traceId)?.exitCycles ?? 0;
  return formatPercent(m.savedCycles, base);
}

export function formatResult(value: number | null): string {
  if (value === null) return MISSING;
  return Math.abs(value) >= 1000 ? formatCount(Math.round(value)) : formatSignificant(value, 4);
}

export function exitCyclesChart(s: RunSavings): BarConfig {
  return barChart({
    labels: s.mechanisms.map(mechanismLabel),
    series: [{ label: 'Cycles in exits', values: s.mechanisms.map((m) => m.exitCycles), color: s.mechanisms.map((m) => colorOf(m.mechanism)) }],
    orientation: 'horizontal',
    categoryTitle: 'Mechanism (trace)',
    valueTitle: 'Cycles in exits (guest cycles)',
    tooltipLines: (i) => {
      const m = s.mechanisms[i];
      return m ? [`share of guest time: ${formatShare(m.shareInExits)}`, `saved vs ${s.baseline.mechanism}: ${formatCount(m.savedCycles)} cycles`] : [];
    },
  });
}

export function mechanismsTable(s: RunSavings): TableModel {
  const results = s.mechanisms[0]?.results ?? [];
  return {
    id: 'savings-mechanisms-table',
    caption: `Mechanisms side by side (baseline: ${s.baseline.mechanism} #${s.baseline.traceId})`,
    columns: [
      { key: 'mechanism', label: 'Mechanism' },
      { key: 'trace', label: 'Trace', numeric: true },
      { key: 'status', label: 'Status' },
      { key: 'exits', label: 'Exits', numeric: true },
      { key: 'exitCycles', label: 'Exit cycles', numeric: true, title: s.derivations.exitCycles },
      { key: 'share', label: 'Share of guest time', numeric: true, title: s.derivations.share },
      { key: 'saved', label: `Saved vs ${s.baseline.mechanism} (cycles)`, numeric: true, title: s.derivations.saved },
      { key: 'savedShare', label: 'Saved (%)', numeric: true, title: `saved cycles ÷ the baseline\u2019s exit cycles` },
      ...results.map((r) => ({ key: `result-${r.name}`, label: `${humanizeName(r.name, true)} (${r.unit})`, numeric: true, title: `${r.name} = ${r.formula} — ${s.derivations.results}` })),
    ],
    rows: s.mechanisms.map((m) => ({
      key: m.mechanism,
      cells: {
        mechanism: m.mechanism, trace: String(m.traceId), status: m.status, exits: formatCount(m.exits), exitCycles: formatCount(m.exitCycles),
        share: formatShare(m.shareInExits), saved: formatCount(m.savedCycles), savedShare: savedShare(s, m),
        ...Object.fromEntries(m.results.map((r) => [`result-${r.name}`, formatResult(r.value)])),
      },
      titles: {
        share: m.guestCycles === null ? 'guest cycles unknown' : `${formatCount(m.exitCycles)} exit cycles ÷ ${formatCount(m.guestCycles)} guest cycles`,
        saved: `${formatCount(m.exitCycles + m.savedCycles)} − ${formatCount(m.exitCycles)} cycles`,
      },
    })),
    empty: 'No runs in this group.',
  };
}

/** The mechanisms compared with the baseline (everything but the baseline itself). */
function compared(s: RunSavings): MechanismSavings[] {
  return s.mechanisms.filter((m) => m.traceId !== s.baseline.traceId);
}

export function savedPerFormChart(s: RunSavings): BarConfig {
  const others = compared(s);
  return barChart({
    labels: s.forms.map((f) => f.label),
    series: others.map((m) => ({ label: mechanismLabel(m), values: s.forms.map((f) => f.saved[m.traceId] ?? 0), color: colorOf(m.mechanism) })),
    orientation: 'horizontal',
    stacked: false,
    categoryTitle: 'Port-I/O form',
    valueTitle: `Cycles saved vs ${s.baseline.mechanism} (guest cycles)`,
  });
}

export function savedPerFormTable(s: RunSavings): TableModel {
  return {
    id: 'savings-forms-table',
    caption: `Cycles saved per form vs ${s.baseline.mechanism} #${s.baseline.traceId}`,
    columns: [
      { key: 'label', label: 'Form' },
      ...s.mechanisms.map((m) => ({ key: `cycles-${m.mechanism}`, label: `${m.mechanism} cycles`, numeric: true, title: `Σ cost_total of ${m.mechanism}\u2019s exits of the form` })),
      ...compared(s).map((m) => ({ key: `saved-${m.mechanism}`, label: `${m.mechanism} saves`, numeric: true, title: s.derivations.savedPerForm })),
    ],
    rows: s.forms.map((f) => ({
      key: f.key,
      cells: {
        label: f.label,
        ...Object.fromEntries(s.mechanisms.map((m) => [`cycles-${m.mechanism}`, formatCount(f.cycles[m.traceId] ?? 0)])),
        ...Object.fromEntries(compared(s).map((m) => [`saved-${m.mechanism}`, formatCount(f.saved[m.traceId] ?? 0)])),
      },
    })),
    empty: 'No exits.',
  };
}
