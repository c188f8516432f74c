// The timeline's pure parts: lanes per vCPU and per trace, tick spacing, stable colours, the time
// under the pointer, and the click hit test on drawn exits.
import { describe, expect, it } from 'vitest';
import { colorOf, hitExit, LABEL_WIDTH, AXIS_HEIGHT, LANE_HEIGHT, lanesOf, tickStep, timeAt, TIMELINE_PALETTE } from '../../../src/renderer/src/charts/timeline-draw';
import type { DrawInput, Series } from '../../../src/renderer/src/charts/timeline-draw';
import type { TimelineData } from '../../../src/shared/explore';

const data = (vcpus: number[], exits: TimelineData['exits']): TimelineData => ({
  traceId: 1, fromNs: 0, toNs: 1000, mode: 'exits', originNs: 0, bucketNs: 1, level: 0, lanes: [],
  buckets: { bucket: [], lane: [], exits: [], latencyMax: [] }, exits, windowExits: exits.length, vcpus,
});

describe('timeline drawing helpers', () => {
  it('one lane per vCPU, named by mechanism when several traces are shown', () => {
    const one: Series[] = [{ traceId: 1, label: 'trap', firstNs: 0, data: data([0, 1], []) }];
    expect(lanesOf(one).map((l) => l.label)).toEqual(['vCPU 0', 'vCPU 1']);
    const two: Series[] = [...one, { traceId: 2, label: 'hypercall', firstNs: 0, data: data([0], []) }];
    expect(lanesOf(two).map((l) => l.label)).toEqual(['trap · vCPU 0', 'trap · vCPU 1', 'hypercall · vCPU 0']);
  });

  it('ticks at 1, 2 or 5 × 10^n', () => {
    expect(tickStep(1000, 10)).toBe(100);
    expect(tickStep(1500, 10)).toBe(200);
    expect(tickStep(4e9, 10)).toBe(5e8);
  });

  it('colours: the commonest keys get the palette in order, others a stable hashed colour', () => {
    expect(colorOf('HLT', ['IO_INSTRUCTION', 'HLT'])).toBe(TIMELINE_PALETTE[1]);
    expect(colorOf('MSR_WRITE')).toBe(colorOf('MSR_WRITE', ['x']));
  });

  it('maps the pointer to time and finds the exit under it', () => {
    const width = LABEL_WIDTH + 1000;
    const view = { from: 0, to: 1000 };
    expect(timeAt(width, view, LABEL_WIDTH + 250)).toBe(250);
    const series: Series[] = [{ traceId: 1, label: 't', firstNs: 0, data: data([0, 1], [
      { seq: 7, timeNs: 250, vcpu: 0, reason: 'HLT', formId: -1, latencyNs: 1 },
      { seq: 8, timeNs: 600, vcpu: 1, reason: 'HLT', formId: -1, latencyNs: 1 },
    ]) }];
    const d: DrawInput = { width, series, lanes: lanesOf(series), view, colorBy: 'reason', formLabel: String, ranked: [], shade: null };
    const y0 = AXIS_HEIGHT + LANE_HEIGHT / 2;
    expect(hitExit(d, LABEL_WIDTH + 252, y0)).toEqual({ series: 0, seq: 7 });
    expect(hitExit(d, LABEL_WIDTH + 260, y0)).toBeNull();
    expect(hitExit(d, LABEL_WIDTH + 600, y0 + LANE_HEIGHT)).toEqual({ series: 0, seq: 8 });
    expect(hitExit(d, LABEL_WIDTH + 600, y0)).toBeNull();
  });
});
