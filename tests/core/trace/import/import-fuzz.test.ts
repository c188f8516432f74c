// The import fuzzer, bounded for `npm test`: fast-check draws seeds for the seeded mutator
// (fuzz/mutate.ts) over the KVM fixtures; every case must import (and read back through every
// summary read the app makes) or be refused with an ExitScopeError leaving the library's
// fingerprint unchanged (fuzz/run-case.ts). `npm run fuzz:import -- --cases N` runs many more,
// with a per-case time limit enforced from another process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixtures, makeLibrary, runCase } from '../../../../fuzz/run-case';
import { MUTATIONS, mutate } from '../../../../fuzz/mutate';

const dir = mkdtempSync(join(tmpdir(), 'exitscope-fuzz-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import fuzz', () => {
  it('the mutator is deterministic per seed and uses every mutation', () => {
    const fx = loadFixtures()[0]!.bytes;
    expect(mutate(fx, 42).bytes.equals(mutate(fx, 42).bytes)).toBe(true);
    const used = new Set<string>();
    for (let seed = 0; seed < 200; seed++) for (const s of mutate(fx, seed).steps) used.add(s);
    expect([...used].sort()).toEqual([...Object.keys(MUTATIONS), 'gzip'].sort());
  });

  it('no mutated trace causes an internal error, a changed library after a refusal, or an unreadable trace', async () => {
    const fixtures = loadFixtures();
    const dbPath = await makeLibrary(dir, fixtures);
    const outcomes: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
      const r = await runCase(dir, dbPath, fixtures, seed);
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome !== 'imported' && r.outcome !== 'refused') {
        throw new Error(`seed ${seed} (${r.fixture}: ${r.steps.join(' + ')}): ${r.outcome}\n${r.message}`);
      }
    }), { numRuns: 30, seed: 20261206 });
    expect(outcomes.imported).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, 120_000);
});
