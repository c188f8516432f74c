import { describe, expect, it } from 'vitest';
import { NO_TRACK, runFraction, runStage, trackProgress } from '../../../src/renderer/src/state/run-progress';
import type { RunProgressEvent } from '../../../src/shared/runs';

const ev = (index: number, instructions: number, mechanism: RunProgressEvent['mechanism'] = 'trap'): RunProgressEvent =>
  ({ runId: 'r', mechanism, index, of: 2, instructions, exits: 0 });

describe('run progress', () => {
  it('is indeterminate until a mechanism finishes, then estimates from its instruction count', () => {
    let t = trackProgress(NO_TRACK, ev(0, 1_000_000));
    expect(runFraction(t)).toBeNull();
    t = trackProgress(t, ev(0, 4_000_000));
    t = trackProgress(t, ev(1, 1_000_000, 'hypercall'));
    expect(t.reference).toBe(4_000_000);
    expect(runFraction(t)).toBe((1 + 0.25) / 2);
    t = trackProgress(t, ev(1, 9_000_000, 'hypercall'));
    expect(runFraction(t)).toBe(1);
    expect(runStage(t.last)).toBe('hypercall (2 of 2)');
    expect(runStage(null)).toBe('starting');
  });
});
