// Drawing the timeline on a 2D canvas, as pure functions of the data and the view: lanes (one per
// vCPU of each trace shown), the precomputed buckets as stacked columns (height ∝ exits in the
// bucket, relative to the fullest bucket in view) or the individual exits as ticks, coloured by
// reason or by port-I/O form, a time axis relative to each trace's first exit, and the selection.
// Also the hit test that maps a click to the nearest exit.
import type { TimelineData } from '../../../shared/explore';
import { formatDuration } from '../format/format';
import { COLORS, FONT_UI } from './theme';

export type ColorBy = 'reason' | 'form';

export const LANE_HEIGHT = 26;
export const AXIS_HEIGHT = 20;
export const LABEL_WIDTH = 120;

/** Twelve distinguishable colours (Tableau 10 and two more). */
export const TIMELINE_PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#9c755f', '#ff9da7', '#79706e', '#edc948', '#76b7b2', '#1f3b73', '#a0cbe8'];

/**
 * A key's colour: by its place in `ranked` (the trace's reasons or forms, most exits first, so
 * the commonest get the most distinct colours and zooming never recolours), else by a hash of its name.
 */
export function colorOf(key: string, ranked: readonly string[] = []): string {
  const i = ranked.indexOf(key);
  if (i >= 0 && i < TIMELINE_PALETTE.length) return TIMELINE_PALETTE[i]!;
  let h = 0;
  for (let j = 0; j < key.length; j++) h = (Math.imul(h, 31) + key.charCodeAt(j)) | 0;
  return TIMELINE_PALETTE[Math.abs(h) % TIMELINE_PALETTE.length]!;
}

export interface Series {
  traceId: number;
  label: string;
  firstNs: number;
  data: TimelineData | null;
}

/** The visible window, ns relative to each series' first exit. */
export interface View { from: number; to: number }

export interface Lane { series: number; vcpu: number; label: string }

export function lanesOf(series: Series[]): Lane[] {
  const lanes: Lane[] = [];
  series.forEach((s, i) => {
    for (const vcpu of s.data?.vcpus ?? []) lanes.push({ series: i, vcpu, label: series.length > 1 ? `${s.label} · vCPU ${vcpu}` : `vCPU ${vcpu}` });
  });
  return lanes;
}

export function keyOf(colorBy: ColorBy, reason: string, formId: number, formLabel: (id: number) => string): string {
  return colorBy === 'reason' ? reason : formId < 0 ? `${reason} (no form)` : formLabel(formId);
}

/** Nice tick spacing for a span: 1, 2 or 5 × 10^n ns, about `count` ticks. */
export function tickStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

export interface DrawInput {
  width: number;
  series: Series[];
  lanes: Lane[];
  view: View;
  colorBy: ColorBy;
  formLabel: (id: number) => string;
  /** Colour keys most exits first (colorOf). */
  ranked: readonly string[];
  /** Shaded: the table's time window (relative ns), or a selection being dragged. */
  shade: View | null;
}

/** Draws everything; returns the colour keys drawn (for the legend) with their exits in view. */
export function drawTimeline(ctx: CanvasRenderingContext2D, d: DrawInput): Map<string, number> {
  const plotW = Math.max(1, d.width - LABEL_WIDTH);
  const height = AXIS_HEIGHT + d.lanes.length * LANE_HEIGHT;
  ctx.clearRect(0, 0, d.width, height);
  ctx.font = `11px ${FONT_UI}`;
  ctx.textBaseline = 'middle';
  const span = d.view.to - d.view.from;
  const xOf = (rel: number): number => LABEL_WIDTH + ((rel - d.view.from) / span) * plotW;
  const laneIndex = new Map(d.lanes.map((l, i) => [`${l.series}:${l.vcpu}`, i]));
  const legend = new Map<string, number>();

  // Lane backgrounds and labels.
  d.lanes.forEach((l, i) => {
    const y = AXIS_HEIGHT + i * LANE_HEIGHT;
    ctx.fillStyle = i % 2 === 0 ? '#f7f8fa' : '#ffffff';
    ctx.fillRect(LABEL_WIDTH, y, plotW, LANE_HEIGHT);
    ctx.fillStyle = COLORS.text;
    ctx.fillText(l.label, 4, y + LANE_HEIGHT / 2, LABEL_WIDTH - 8);
  });

  // Axis.
  const step = tickStep(span, Math.max(2, Math.floor(plotW / 110)));
  ctx.strokeStyle = COLORS.grid;
  ctx.fillStyle = COLORS.muted;
  for (let t = Math.ceil(d.view.from / step) * step; t <= d.view.to; t += step) {
    const x = xOf(t);
    ctx.beginPath();
    ctx.moveTo(x, AXIS_HEIGHT - 4);
    ctx.lineTo(x, height);
    ctx.stroke();
    ctx.fillText(`+${formatDuration(t)}`, x + 3, AXIS_HEIGHT / 2);
  }

  d.series.forEach((s, si) => {
    const data = s.data;
    if (data === null) return;
    const lanes = data.lanes;
    if (data.mode === 'buckets') {
      const b = data.buckets;
      // Fullest (bucket, vCPU) in view, for the heights.
      const totals = new Map<string, number>();
      for (let i = 0; i < b.bucket.length; i++) {
        const lane = lanes[b.lane[i]!]!;
        const k = `${b.bucket[i]}:${lane.vcpu}`;
        totals.set(k, (totals.get(k) ?? 0) + b.exits[i]!);
      }
      const max = Math.max(1, ...totals.values());
      const stacked = new Map<string, number>();
      for (let i = 0; i < b.bucket.length; i++) {
        const lane = lanes[b.lane[i]!]!;
        const li = laneIndex.get(`${si}:${lane.vcpu}`);
        if (li === undefined) continue;
        const start = data.originNs + b.bucket[i]! * data.bucketNs - s.firstNs;
        const x0 = xOf(start);
        const x1 = Math.max(x0 + 1, xOf(start + data.bucketNs));
        if (x1 < LABEL_WIDTH || x0 > d.width) continue;
        const k = `${b.bucket[i]}:${lane.vcpu}`;
        const below = stacked.get(k) ?? 0;
        const h = (b.exits[i]! / max) * (LANE_HEIGHT - 4);
        const key = keyOf(d.colorBy, lane.reason, lane.formId, d.formLabel);
        legend.set(key, (legend.get(key) ?? 0) + b.exits[i]!);
        ctx.fillStyle = colorOf(key, d.ranked);
        const yBase = AXIS_HEIGHT + (li + 1) * LANE_HEIGHT - 2;
        ctx.fillRect(Math.max(LABEL_WIDTH, x0), yBase - below - h, Math.min(x1, d.width) - Math.max(LABEL_WIDTH, x0), Math.max(h, 0.5));
        stacked.set(k, below + h);
      }
    } else {
      for (const e of data.exits) {
        const li = laneIndex.get(`${si}:${e.vcpu}`);
        if (li === undefined) continue;
        const x = xOf(e.timeNs - s.firstNs);
        if (x < LABEL_WIDTH || x > d.width) continue;
        const key = keyOf(d.colorBy, e.reason, e.formId, d.formLabel);
        legend.set(key, (legend.get(key) ?? 0) + 1);
        ctx.fillStyle = colorOf(key, d.ranked);
        ctx.fillRect(x - 1, AXIS_HEIGHT + li * LANE_HEIGHT + 3, 2, LANE_HEIGHT - 6);
      }
    }
  });

  if (d.shade) {
    const x0 = Math.max(LABEL_WIDTH, xOf(d.shade.from));
    const x1 = Math.min(d.width, xOf(d.shade.to));
    if (x1 > x0) {
      ctx.fillStyle = 'rgba(47, 93, 138, 0.15)';
      ctx.fillRect(x0, AXIS_HEIGHT, x1 - x0, height - AXIS_HEIGHT);
      ctx.strokeStyle = COLORS.text;
      ctx.strokeRect(x0, AXIS_HEIGHT, x1 - x0, height - AXIS_HEIGHT);
    }
  }
  return legend;
}

/** The exit under (x, y), within 4 px, in a series shown as exits; null when none. */
export function hitExit(d: DrawInput, x: number, y: number): { series: number; seq: number } | null {
  const li = Math.floor((y - AXIS_HEIGHT) / LANE_HEIGHT);
  const lane = d.lanes[li];
  if (lane === undefined || x < LABEL_WIDTH) return null;
  const s = d.series[lane.series]!;
  if (s.data === null || s.data.mode !== 'exits') return null;
  const plotW = Math.max(1, d.width - LABEL_WIDTH);
  const span = d.view.to - d.view.from;
  let best: { series: number; seq: number } | null = null;
  let bestDx = 4;
  for (const e of s.data.exits) {
    if (e.vcpu !== lane.vcpu) continue;
    const ex = LABEL_WIDTH + ((e.timeNs - s.firstNs - d.view.from) / span) * plotW;
    const dx = Math.abs(ex - x);
    if (dx <= bestDx) {
      bestDx = dx;
      best = { series: lane.series, seq: e.seq };
    }
  }
  return best;
}

/** The relative time at canvas x. */
export function timeAt(width: number, view: View, x: number): number {
  const plotW = Math.max(1, width - LABEL_WIDTH);
  return view.from + ((x - LABEL_WIDTH) / plotW) * (view.to - view.from);
}
