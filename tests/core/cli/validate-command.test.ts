// `exitscope validate` through the real binary (so it runs in `npm test` and CI): leave-one-out
// over every profile with three or more independent published figures; the exit code is 0 only
// when every prediction holds within the tolerance, and a tolerance no prediction can meet makes
// it fail (the predictions are real, not restated fits).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src/core/cost/index';
import { independentFigures, leaveOneOut } from '../../../src/core/cost/leave-one-out';
import type { LooReport } from '../../../src/core/cost/leave-one-out';

const BIN = fileURLToPath(new URL('../../../bin/exitscope.mjs', import.meta.url));
const validate = (...args: string[]) => spawnSync(process.execPath, [BIN, 'validate', ...args], { encoding: 'utf8' });

describe('exitscope validate', () => {
  it('predicts each held-out figure from the others and passes within the default tolerance', () => {
    const r = validate('--json');
    expect(r.stderr).toBe('');
    const { tolerance, reports } = JSON.parse(r.stdout) as { tolerance: number; reports: LooReport[] };
    expect(tolerance).toBe(0.15);
    // every profile with ≥ 3 independent figures is validated
    const eligible = loadProfiles().profiles.filter((p) => independentFigures(p).length >= 3).map((p) => p.id);
    expect(reports.map((x) => x.profileId)).toEqual(eligible);
    const predicted = reports.flatMap((x) => x.rows).filter((x) => x.prediction !== null);
    expect(predicted.length).toBeGreaterThan(0);
    for (const row of predicted) {
      expect(row.error).toBeCloseTo((row.prediction! - row.published) / row.published, 12);
      expect(row.pass).toBe(Math.abs(row.error!) <= tolerance);
    }
    expect(r.status).toBe(predicted.every((x) => x.pass) ? 0 : 1);
  });

  it('fails (exit 1) when the tolerance is tighter than the best prediction', () => {
    const rows = loadProfiles().profiles.map((p) => leaveOneOut(p)).flatMap((x) => x?.rows ?? []).filter((x) => x.error !== null);
    const best = Math.min(...rows.map((x) => Math.abs(x.error!)));
    expect(best).toBeGreaterThan(0);
    const r = validate('--tolerance', String(best / 2));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/predictions hold, [1-9]\d* fail/);
  });

  it('a held-out figure priced by no other one is shown as not predictable, never as a pass', () => {
    const kvm = leaveOneOut(loadProfiles().profiles.find((p) => p.id === 'kvm-2012')!)!;
    const vmcall = kvm.rows.find((x) => x.heldOut === 'vmcall')!;
    expect(vmcall).toMatchObject({ prediction: null, pass: null });
    expect(vmcall.note).toContain('entry.hypercall');
  });

  it('rejects a bad tolerance', () => {
    const r = validate('--tolerance', 'lots');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--tolerance');
  });
});
