// The fast path (priceExitCycles, for every exit of a run) gives the same numbers as the
// explained one (priceExit) for every shipped profile, mechanism, form and device location.
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src/core/cost/load-profiles';
import { COMPONENT_INDEX, priceExit, priceExitCycles } from '../../../src/core/cost/pricing';
import { supportedPaths } from '../../../src/core/cost/profile-schema';
import { factsUnder } from '../../../src/core/cost/reprice';
import { COMPONENTS, MECHANISMS } from '../../../src/core/cost/types';
import type { ExitFacts, Profile } from '../../../src/core/cost/types';
import { IO_FORMS } from '../../../src/core/cpu/io-form-table';

function cases(p: Profile): ExitFacts[] {
  const paths = supportedPaths(p.params);
  const out: ExitFacts[] = [];
  for (const m of MECHANISMS) {
    const path = m === 'batched' ? 'hypercall' : m === 'ring' ? paths[0]! : m;
    if (!paths.includes(path)) continue;
    for (const form of IO_FORMS) {
      for (const location of ['kernel', 'userspace'] as const) {
        const op = { formId: form.id, count: form.string ? 17 : 1, deviceClass: 'pmtimer' };
        const ops = m === 'batched' || m === 'ring' ? [op, op, { formId: 9, count: 1 }] : [op];
        out.push({ ...factsUnder(m, ops, location, { doorbell: path }), bufferWalkLevels: form.string ? 2 : 0 });
      }
    }
  }
  return out;
}

describe('priceExitCycles', () => {
  it('agrees with priceExit component by component', () => {
    const out = new Float64Array(8);
    let n = 0;
    for (const p of loadProfiles({ dir: null }).profiles) {
      for (const f of cases(p)) {
        const explained = priceExit(f, p);
        expect(priceExitCycles(f, p, out)).toBe(explained.total);
        for (const c of COMPONENTS) expect(out[COMPONENT_INDEX[c]], `${p.id} ${f.mechanism} ${c}`).toBe(explained.components[c].cycles);
        n++;
      }
    }
    expect(n).toBeGreaterThan(500);
  });

  it('refuses a mechanism the profile cannot price', () => {
    const p4 = loadProfiles({ dir: null }).profiles.find((p) => p.id === 'p4-2007')!;
    expect(() => priceExitCycles({ mechanism: 'vmx', ops: [], location: 'kernel' }, p4, new Float64Array(8))).toThrow(/defines no entry\.vmx/);
  });
});
