// Exits packed into transferable columns, so a parser running in a worker thread can hand
// batches of exits to the thread that writes SQLite without cloning millions of objects:
//   nums  Float64Array, row-major, one slot per NUM_COLUMNS entry; NaN means null
//   strs  Int32Array, row-major, one slot per STR_COLUMNS entry; an index into the string
//         dictionary, -1 means null
//   dict  the strings first used in this batch (the dictionary grows across batches: a reader
//         must see every batch of a stream, in order)
//   bytes instruction bytes of the rare rows that have them
// ExitPacker is an ExitSink that fills batches; PackedReader turns them back into column values.
import type { ExitRecord, ExitSink } from './exit-record';
import { NUM_COLUMNS, STR_COLUMNS } from './exit-columns';

export interface PackedExits {
  n: number;
  nums: Float64Array<ArrayBuffer>;
  strs: Int32Array<ArrayBuffer>;
  dict: string[];
  bytes: { row: number; data: Uint8Array }[];
}

const NUMS = NUM_COLUMNS.length;
const STRS = STR_COLUMNS.length;

export class ExitPacker implements ExitSink {
  private readonly ids = new Map<string, number>();
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
    for (let i = 0; i < NUMS; i++) {
      const v = e[NUM_COLUMNS[i]!.field] as number | boolean | null;
      b.nums[r * NUMS + i] = v === null ? NaN : +v;
    }
    for (let i = 0; i < STRS; i++) {
      const s = e[STR_COLUMNS[i]!.field] as string | null;
      let id = -1;
      if (s !== null) {
        id = this.ids.get(s) ?? -1;
        if (id < 0) {
          id = this.ids.size;
          this.ids.set(s, id);
          b.dict.push(s);
        }
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

/** Reads a stream of batches back; `dictionary` accumulates across batches. */
export class PackedReader {
  private readonly dictionary: string[] = [];

  /** Calls `row(i, num, str, bytes)` for each row of the batch, in order. */
  read(b: PackedExits, row: (num: (col: number) => number | null, str: (col: number) => string | null, bytes: Uint8Array | null) => void): void {
    for (const s of b.dict) this.dictionary.push(s);
    let k = 0;
    let r = 0;
    const num = (col: number): number | null => {
      const v = b.nums[r * NUMS + col]!;
      return Number.isNaN(v) ? null : v;
    };
    const str = (col: number): string | null => {
      const id = b.strs[r * STRS + col]!;
      return id < 0 ? null : this.dictionary[id]!;
    };
    for (r = 0; r < b.n; r++) {
      const bytes = k < b.bytes.length && b.bytes[k]!.row === r ? b.bytes[k++]!.data : null;
      row(num, str, bytes);
    }
  }
}
