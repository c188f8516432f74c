// The per-run summaries by form, device and mechanism and the cost-component totals (tables
// summary_form, summary_device, summary_mechanism, summary_components of migration 3), computed
// from the trace's kinds and how many exits each had (TraceAggregates tallies them while the
// writer inserts): every exit of a kind has the same form, device, mechanism and priced costs, so
// no pass over the exits is needed. Imported exits have no costs: their groups have priced = 0
// and null cost columns, and no component rows are written.
// "ops" counts port operations: by default one per stored exit record; a run whose exits carry
// several operations (batched: a record describes its first one) passes the producer's own
// per-form and per-device operation counts (OpCounts) instead.
import { KIND_COLUMNS } from '../exit-columns';
import type { SqlValue } from '../exit-columns';
import type { Db } from './open-trace-db';
import { SUMMARY_PERCENTILES, WeightedStats } from './weighted-stats';

/** Operations per form id and per device name, as the producer counted them. */
export interface OpCounts {
  byForm: ReadonlyMap<number, number>;
  byDevice: ReadonlyMap<string, number>;
}

export interface KindTally {
  /** The kind's values in KIND_COLUMNS order. */
  values: readonly SqlValue[];
  exits: number;
  /** Σ elements moved (count, or 1 where a port-I/O exit has none) over its exits. */
  elements: number;
}

const col = (sql: string): number => KIND_COLUMNS.findIndex((c) => c.sql === sql);
/** The cost components (cost_* columns but the total), by name without the prefix. */
const COMPONENT_COLS = KIND_COLUMNS.map((c, i) => ({ sql: c.sql, i })).filter((c) => c.sql.startsWith('cost_') && c.sql !== 'cost_total');
export const COMPONENT_NAMES: readonly string[] = COMPONENT_COLS.map((c) => c.sql.slice('cost_'.length));
const COST_TOTAL = col('cost_total');
const [FORM, MNEMONIC, DEVICE, LOCATION, MECHANISM] = ['form_id', 'mnemonic', 'device', 'device_location', 'mechanism'].map(col) as [number, number, number, number, number];

class CostGroup {
  exits = 0;
  elements = 0;
  priced = 0;
  readonly sums = new Float64Array(COMPONENT_COLS.length + 1);
  readonly costs = new WeightedStats();

  add(k: KindTally): void {
    this.exits += k.exits;
    this.elements += k.elements;
    const total = k.values[COST_TOTAL] as number | null;
    if (total === null) return;
    this.priced += k.exits;
    COMPONENT_COLS.forEach((c, i) => (this.sums[i]! += ((k.values[c.i] as number | null) ?? 0) * k.exits));
    this.sums[COMPONENT_COLS.length]! += total * k.exits;
    this.costs.addMany(total, k.exits);
  }

  /** exits, ops, elements, priced, cost_* sums, cost_total, p50, p90, p99, max. */
  row(ops: number = this.exits): (number | null)[] {
    const sums: (number | null)[] = this.priced ? [...this.sums] : Array.from(this.sums, () => null);
    return [this.exits, ops, this.elements, this.priced, ...sums, ...this.costs.percentiles(SUMMARY_PERCENTILES), this.costs.max];
  }
}

const GROUP_COLS = `exits, ops, elements, priced, ${COMPONENT_COLS.map((c) => c.sql).join(', ')}, cost_total, cost_p50, cost_p90, cost_p99, cost_max`;
const GROUP_SLOTS = 4 + COMPONENT_COLS.length + 1 + 4;
const slots = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

function groupBy(kinds: readonly KindTally[], keyOf: (v: readonly SqlValue[]) => string | number | null): Map<string | number, { first: readonly SqlValue[]; g: CostGroup }> {
  const groups = new Map<string | number, { first: readonly SqlValue[]; g: CostGroup }>();
  for (const k of kinds) {
    if (k.exits === 0) continue;
    const key = keyOf(k.values);
    if (key === null) continue;
    let e = groups.get(key);
    if (!e) groups.set(key, (e = { first: k.values, g: new CostGroup() }));
    e.g.add(k);
  }
  return groups;
}

export function writeCostSummaries(db: Db, traceId: number, kinds: readonly KindTally[], ops: OpCounts | null): void {
  const form = db.prepare(`INSERT INTO summary_form (trace_id, form_id, mnemonic, ${GROUP_COLS}) VALUES (?, ?, ?, ${slots(GROUP_SLOTS)})`);
  for (const [id, { first, g }] of groupBy(kinds, (v) => v[FORM] as number | null)) form.run(traceId, id, first[MNEMONIC] ?? '', ...g.row(ops?.byForm.get(id as number)));
  const device = db.prepare(`INSERT INTO summary_device (trace_id, device, device_location, ${GROUP_COLS}) VALUES (?, ?, ?, ${slots(GROUP_SLOTS)})`);
  for (const [name, { first, g }] of groupBy(kinds, (v) => v[DEVICE] as string | null)) device.run(traceId, name, first[LOCATION], ...g.row(ops?.byDevice.get(name as string)));
  const mech = db.prepare(`INSERT INTO summary_mechanism (trace_id, mechanism, ${GROUP_COLS}) VALUES (?, ?, ${slots(GROUP_SLOTS)})`);
  for (const [name, { g }] of groupBy(kinds, (v) => v[MECHANISM] as string | null)) mech.run(traceId, name, ...g.row());
  const all = new CostGroup();
  for (const k of kinds) all.add(k);
  if (all.priced === 0) return;
  const comp = db.prepare('INSERT INTO summary_components (trace_id, component, cycles) VALUES (?, ?, ?)');
  COMPONENT_NAMES.forEach((name, i) => comp.run(traceId, name, all.sums[i]!));
  comp.run(traceId, 'total', all.sums[COMPONENT_COLS.length]!);
}
