// Exits packed into transferable columns, so a parser running in a worker thread can hand
// batches of exits to the thread that writes SQLite without cloning millions of objects:
//   nums  Float64Array, row-major, one slot per NUM_COLUMNS entry; NaN means null
//   strs  Int32Array, row-major, one slot per STR_COLUMNS entry; an index into the string
//         dictionary, -1 means null
//   dict  the strings first used in this batch (the dictionary grows across batches: a reader
//         must see every batch of a stream, in order)
//   bytes instruction bytes of the rare rows that have them
// ExitPacker is an ExitSink that fills batches; PackedReader refills rows in EXIT_COLUMNS order.
import type { ExitRecord, ExitSink } from './exit-record';
import { EXIT_COLUMNS, NUM_COLUMNS, STR_COLUMNS } from './exit-columns';

export interface PackedExits {
  n: number;
  nums: Float64Array<ArrayBuffer>;
  strs: Int32Array<ArrayBuffer>;
  dict: string[];
  bytes: { row: number; data: Uint8Array }[];
}

const NUMS = NUM_COLUMNS.length;
const STRS = STR_COLUMNS.length;
/** Invariant: the exit_costs columns come last in NUM_COLUMNS (and are all numeric). */
const BASE_NUMS = NUM_COLUMNS.findIndex((c) => c.table === 'exit_costs');
const COST_TOTAL_SLOT = NUM_COLUMNS.findIndex((c) => c.sql === 'cost_total');

export class ExitPacker implements ExitSink {
  private readonly ids = new Map<string, number>();
  /** Per string column, the last string seen and its id: most columns repeat row after row. */
  private readonly lastString: (string | null)[] = new Array(STRS).fill(null);
  private readonly lastId = new Int32Array(STRS).fill(-1);
  private batch: PackedExits;

  constructor(private readonly capacity: number, private readonly onBatch: (batch: PackedExits) => void) {
    this.batch = this.empty();
  }

  private empty(): PackedExits {
    return { n: 0, nums: new Float64Array(this.capacity * NUMS), strs: new Int32Array(this.capacity * STRS), dict: [], bytes: [] };
  }

  push(e: ExitRecord): void {
    const b = this.batch;
    const r = b.n;
    // Unpriced exits (every imported one) leave the exit_costs columns unwritten: only their
    // cost_total slot says NaN, and readers take the rest as null.
    const cols = e.costTotal === null ? BASE_NUMS : NUMS;
    for (let i = 0; i < cols; i++) {
      const v = e[NUM_COLUMNS[i]!.field] as number | boolean | null;
      b.nums[r * NUMS + i] = v === null ? NaN : +v;
    }
    if (cols === BASE_NUMS) b.nums[r * NUMS + COST_TOTAL_SLOT] = NaN;
    for (let i = 0; i < STRS; i++) {
      const s = e[STR_COLUMNS[i]!.field] as string | null;
      let id = -1;
      if (s !== null && s === this.lastString[i]) id = this.lastId[i]!;
      else if (s !== null) {
        id = this.ids.get(s) ?? -1;
        if (id < 0) {
          id = this.ids.size;
          this.ids.set(s, id);
          b.dict.push(s);
        }
        this.lastString[i] = s;
        this.lastId[i] = id;
      }
      b.strs[r * STRS + i] = id;
    }
    if (e.insnBytes) b.bytes.push({ row: r, data: e.insnBytes });
    if (++b.n === this.capacity) this.flush();
  }

  /** Hands over the current batch if it holds any exit. */
  flush(): void {
    if (this.batch.n === 0) return;
    const full = this.batch;
    this.batch = this.empty();
    this.onBatch(full);
  }
}

/** Where each exits column sits in a packed row: kind 0 nums, 1 strs, 2 instruction bytes. */
const PLAN_KIND = EXIT_COLUMNS.map((c) => (c.kind === 'str' ? 1 : c.kind === 'bytes' ? 2 : 0));
const PLAN_INDEX = EXIT_COLUMNS.map((c) => (c.kind === 'str' ? STR_COLUMNS.indexOf(c) : NUM_COLUMNS.indexOf(c)));
/** Invariant: the exit_costs columns come last in EXIT_COLUMNS too. */
const BASE_COLS = EXIT_COLUMNS.findIndex((c) => c.table === 'exit_costs');
if (EXIT_COLUMNS.slice(BASE_COLS).some((c) => c.table !== 'exit_costs' || c.kind !== 'num')) {
  throw new Error('packed-exits: the exit_costs columns must come last in EXIT_COLUMNS and be numeric');
}

/** Reads a stream of batches back; `dictionary` accumulates across batches. */
export class PackedReader {
  private readonly dictionary: string[] = [];

  /**
   * For each row of the batch, in order, fills `row` with its values in EXIT_COLUMNS order
   * (null for null; booleans as 0/1; instruction bytes as Uint8Array) and calls `onRow(row)`.
   * The same array is refilled for every row.
   */
  fill(b: PackedExits, row: unknown[], onRow: (row: unknown[]) => void): void {
    const dict = this.dictionary;
    for (const s of b.dict) dict.push(s);
    const { nums, strs } = b;
    let k = 0;
    let costsNull = false;
    for (let r = 0; r < b.n; r++) {
      const nb = r * NUMS;
      const sb = r * STRS;
      const priced = nums[nb + COST_TOTAL_SLOT] === nums[nb + COST_TOTAL_SLOT]; // not NaN
      const cols = priced ? PLAN_KIND.length : BASE_COLS;
      for (let i = 0; i < cols; i++) {
        const kind = PLAN_KIND[i]!;
        if (kind === 0) {
          const v = nums[nb + PLAN_INDEX[i]!]!;
          row[i] = v !== v ? null : v; // NaN means null
        } else if (kind === 1) {
          const id = strs[sb + PLAN_INDEX[i]!]!;
          row[i] = id < 0 ? null : dict[id]!;
        } else {
          row[i] = k < b.bytes.length && b.bytes[k]!.row === r ? b.bytes[k++]!.data : null;
        }
      }
      if (!priced && !costsNull) row.fill(null, BASE_COLS);
      costsNull = !priced;
      onRow(row);
    }
  }
}
