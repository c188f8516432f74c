// exits/page on real trace files against a plain oracle (explore-fixtures.ts): random filters,
// sorts, directions and offsets (fast-check) give exactly the oracle's seqs, and exact totals.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitPage } from '../../../../src/core/analysis/explore/exit-page';
import { exitFacets } from '../../../../src/core/analysis/explore/facets';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../../src/core/trace/store/open-trace-db';
import { EXIT_SORT_KEYS } from '../../../../src/shared/explore';
import type { ExitFacets, ExitFilter } from '../../../../src/shared/explore';
import { useTempDir } from '../../../helpers/temp-dir';
import { allExits, importGenerated, oraclePage, recordEmulated } from './explore-fixtures';
import type { OracleExit } from './explore-fixtures';

const tempPath = useTempDir();

interface Fixture { db: Db; traceId: number; exits: OracleExit[]; facets: ExitFacets }
const fixtures: Record<'imported' | 'emulated', Fixture> = {} as never;

beforeAll(async () => {
  const path = tempPath() + '.exitscope';
  const imported = await importGenerated(path, tempPath() + '.txt', 150_000);
  const emulated = await recordEmulated(path, 'outl_to_kernel', 40_000);
  const db = openTraceDb(path);
  for (const [name, id] of [['imported', imported], ['emulated', emulated]] as const) {
    fixtures[name] = { db, traceId: id, exits: allExits(db, id), facets: exitFacets(db, id) };
  }
}, 120_000);

function filterArb(x: Fixture): fc.Arbitrary<ExitFilter> {
  const first = x.exits[0]!.time_ns;
  const last = x.exits[x.exits.length - 1]!.time_ns;
  const some = <T>(values: T[]): fc.Arbitrary<T[] | undefined> => fc.option(fc.subarray(values, { minLength: 1 }), { nil: undefined });
  const measures = x.exits.map((e) => (x.facets.measure === 'cycles' ? e.cost_total : e.latency_ns)).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const pick = (q: number): number => measures[Math.floor(q * (measures.length - 1))]!;
  return fc.record({
    reasons: some(x.facets.reasons.map((r) => r.value)),
    forms: some(x.facets.forms.map((r) => r.value)),
    vcpus: some(x.facets.vcpus.map((r) => r.value)),
    devices: some(x.facets.devices.map((r) => r.value)),
    ports: fc.option(fc.constantFrom({ lo: 0x3f8, hi: 0x3ff }, { lo: 0, hi: 0xff }, { lo: 0x70, hi: 0x71 }), { nil: undefined }),
    measure: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]) => ({ min: pick(Math.min(a, b)), max: pick(Math.max(a, b)) })), { nil: undefined }),
    window: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { nil: undefined }),
    text: fc.option(fc.constantFrom('io_', 'COM', '0x3f', 'hlt', 'pic'), { nil: undefined }),
  }, { requiredKeys: [] }).map(({ window, ...f }) => {
    const out: ExitFilter = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
    if (window !== undefined) {
      const [a, b] = window as [number, number];
      out.fromNs = Math.round(first + Math.min(a, b) * (last - first));
      out.toNs = Math.round(first + Math.max(a, b) * (last - first));
    }
    return out;
  });
}

describe.each(['imported', 'emulated'] as const)('exitPage on an %s trace', (name) => {
  it('spans several seq blocks (the fixture exercises the block seek)', () => {
    expect(fixtures[name].exits.length).toBeGreaterThan(35_000);
  });

  it('pages equal the oracle for random filters, sorts and offsets', () => {
    const x = fixtures[name];
    fc.assert(fc.property(filterArb(x), fc.constantFrom(...EXIT_SORT_KEYS), fc.constantFrom('asc' as const, 'desc' as const),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 300 }), (filter, key, dir, q, limit) => {
        const expectedAll = oraclePage(x.exits, filter, key, dir, x.facets.measure, 0, Number.MAX_SAFE_INTEGER);
        const offset = Math.floor(q * expectedAll.length);
        const page = exitPage(x.db, { traceId: x.traceId, filter, sort: { key, dir }, offset, limit });
        expect(page.rows.map((r) => r.seq)).toEqual(expectedAll.slice(offset, offset + limit));
        if (page.total.exact) expect(page.total.value).toBe(expectedAll.length);
        else expect(expectedAll.length).toBeGreaterThanOrEqual(page.total.value);
      }), { numRuns: 60 });
  });

  it('an unfiltered time-sorted page deep in the trace is read from one block (exact total, no scan)', () => {
    const x = fixtures[name];
    const offset = x.exits.length - 10;
    const page = exitPage(x.db, { traceId: x.traceId, filter: {}, sort: { key: 'time', dir: 'asc' }, offset, limit: 50 });
    expect(page.plan).toMatch(/^blocks/);
    expect(page.total).toMatchObject({ value: x.exits.length, exact: true });
    expect(page.rows.map((r) => r.seq)).toEqual(x.exits.slice(offset).map((e) => e.seq));
    const row = page.rows[0]!;
    const e = x.exits[offset]!;
    expect([row.timeNs, row.vcpu, row.reason, row.port, row.device, row.latencyNs]).toEqual([e.time_ns, e.vcpu, e.reason, e.port, e.device, e.latency_ns]);
  });
});

describe('exitFacets', () => {
  it('counts exits per value as the stored exits do', () => {
    for (const x of Object.values(fixtures)) {
      const byReason = new Map<string, number>();
      for (const e of x.exits) byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
      expect(new Map(x.facets.reasons.map((r) => [r.value, r.exits]))).toEqual(byReason);
      expect(x.facets.exits).toBe(x.exits.length);
      expect(x.facets.vcpus.reduce((n, v) => n + v.exits, 0)).toBe(x.exits.length);
    }
    expect(fixtures.imported.facets.measure).toBe('ns');
    expect(fixtures.emulated.facets.measure).toBe('cycles');
  });
});
