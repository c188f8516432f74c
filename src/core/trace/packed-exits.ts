// Exits packed into transferable columns in the compact storage form (exit-columns.ts: a row per
// exit, a dictionary of kinds), so a producer in a worker thread (a KVM parser, an emulated run)
// can hand batches of exits to the thread that writes SQLite without cloning millions of objects,
// and the writer inserts them without looking at the record's repeating columns again:
//   nums  Float64Array, row-major, ROW_NUMS slots per exit: seq, time_ns, kind, then the numeric
//         ROW_OVERRIDES; NaN in an override slot means "the kind's value"
//   strs  Int32Array, row-major, one slot per text override (info1, info2): an index into the
//         string dictionary, -1 means "the kind's value"
//   dict  the strings first used in this batch
//   kinds the kinds first used in this batch, in KIND_COLUMNS order, numbered on from the last
// Both dictionaries grow across batches: a reader must see every batch of a stream, in order.
// ExitPacker is the ExitSink that fills batches (it assigns the kinds). Its pushRepeat (an exit
// equal to the previous one but for seq, time and value) copies the previous row's overrides and
// sets only seq, time and value, where push compares the whole record with the last kind.
import type { ExitRecord, ExitSink } from './exit-record';
import { EXIT_COLUMNS, KIND_COLUMNS, ROW_OVERRIDES } from './exit-columns';
import type { ExitColumn, SqlValue } from './exit-columns';
import { sameBytes } from '../same-bytes';

export interface PackedExits {
  n: number;
  nums: Float64Array<ArrayBuffer>;
  strs: Int32Array<ArrayBuffer>;
  dict: string[];
  kinds: SqlValue[][];
}

const byName = (sql: string): ExitColumn => EXIT_COLUMNS.find((c) => c.sql === sql)!;
/** The numeric and the text override columns, in ROW_OVERRIDES order. */
export const OVERRIDE_NUMS: readonly ExitColumn[] = ROW_OVERRIDES.map(byName).filter((c) => c.kind === 'num');
export const OVERRIDE_STRS: readonly ExitColumn[] = ROW_OVERRIDES.map(byName).filter((c) => c.kind === 'str');
if (OVERRIDE_NUMS.length + OVERRIDE_STRS.length !== ROW_OVERRIDES.length) throw new Error('packed-exits: an override column is neither num nor str');
/** Slots per exit in `nums`: seq, time_ns, kind, then OVERRIDE_NUMS. */
export const ROW_NUMS = 3 + OVERRIDE_NUMS.length;
export const ROW_STRS = OVERRIDE_STRS.length;
export const SLOT_SEQ = 0;
export const SLOT_TIME = 1;
export const SLOT_KIND = 2;
export const slotOf = (sql: string): number => 3 + OVERRIDE_NUMS.findIndex((c) => c.sql === sql);

/** The kind columns that identify a kind outright (the overrides only by whether they are null). */
const KEY_COLUMNS = KIND_COLUMNS.filter((c) => !ROW_OVERRIDES.includes(c.sql));
const KEY_FIELDS = KEY_COLUMNS.map((c) => c.field);
const KEY_IS_BYTES = KEY_COLUMNS.map((c) => c.kind === 'bytes');
const OVR_NUM_FIELDS = OVERRIDE_NUMS.map((c) => c.field);
const OVR_STR_FIELDS = OVERRIDE_STRS.map((c) => c.field);
const OVR_FIELDS = [...OVR_NUM_FIELDS, ...OVR_STR_FIELDS];
/** `value`'s index among the numeric overrides (its slot is 3 + this, its null-mask bit 1 << this). */
const VALUE_OVR = OVR_NUM_FIELDS.indexOf('value');
if (VALUE_OVR < 0) throw new Error('packed-exits: value must be a numeric override column');

type RawValue = ExitRecord[keyof ExitRecord];

function sqlValue(c: ExitColumn, v: RawValue): SqlValue {
  if (v === null) return null;
  if (c.kind === 'bool') return v ? 1 : 0;
  if (v instanceof Uint8Array) return v.slice();
  return v as number | string;
}

/** A kind as the packer remembers it: its key values as the record had them, and its override defaults. */
interface KnownKind {
  id: number;
  key: RawValue[];
  nums: Float64Array;
  strs: (string | null)[];
  /** Bit i set: override i (OVR_FIELDS order) is null for this kind. */
  nullMask: number;
}

// The per-exit steps are generated from the column lists once: a record's fields read by
// name in straight-line code stay monomorphic, where a loop over field names would not (about
// 3x faster for the emulated runs, whose records all have one shape). The generated code only
// names ExitRecord fields from EXIT_COLUMNS.
const nullMaskOf = new Function('e', `return ${OVR_FIELDS.map((f, i) => `(e.${f} === null ? ${1 << i} : 0)`).join(' | ')};`) as (e: ExitRecord) => number;
/** Writes the record's override slots: NaN / -1 where the value is the kind's. */
const fillOverrides = new Function('e', 'kn', 'ks', 'nums', 'o', 'strs', 'so', 'stringId', [
  ...OVR_NUM_FIELDS.map((f, i) => `{ const v = e.${f}; nums[o + ${i}] = v === null || v === kn[${i}] ? NaN : v; }`),
  ...OVR_STR_FIELDS.map((f, i) => `{ const s = e.${f}; strs[so + ${i}] = s === null || s === ks[${i}] ? -1 : stringId(s); }`),
].join('\n')) as (e: ExitRecord, kn: Float64Array, ks: (string | null)[], nums: Float64Array, o: number, strs: Int32Array, so: number, stringId: (s: string) => number) => void;
/** Whether the record's key columns equal a kind's (instruction bytes compared by content). */
const sameKey = new Function('e', 'k', 'sameBytes', `return ${KEY_FIELDS.map((f, i) => KEY_IS_BYTES[i]
  ? `(e.${f} === k[${i}] || sameBytes(e.${f}, k[${i}]))` : `e.${f} === k[${i}]`).join(' && ')};`) as (e: ExitRecord, k: RawValue[], bytes: typeof sameBytes) => boolean;

export class ExitPacker implements ExitSink {
  /** push copies the exit into the batch (and a new kind's values): records may be reused. */
  readonly transient = true;
  private readonly strIds = new Map<string, number>();
  private readonly reasonIds = new Map<string, number>();
  private readonly buckets = new Map<number, KnownKind[]>();
  /** The kind of the previous exit: consecutive exits mostly repeat it. */
  private last: KnownKind | null = null;
  private kinds = 0;
  private batch: PackedExits;

  constructor(private readonly capacity: number, private readonly onBatch: (batch: PackedExits) => void) {
    this.batch = this.empty();
  }

  private empty(): PackedExits {
    return { n: 0, nums: new Float64Array(this.capacity * ROW_NUMS), strs: new Int32Array(this.capacity * ROW_STRS), dict: [], kinds: [] };
  }

  /** Kinds defined so far (ids 0 .. kindCount-1). */
  get kindCount(): number {
    return this.kinds;
  }

  push(e: ExitRecord): void {
    const k = this.kindOf(e);
    const b = this.batch;
    const r = b.n;
    let o = r * ROW_NUMS;
    const nums = b.nums;
    nums[o++] = e.seq;
    nums[o++] = e.timeNs;
    nums[o++] = k.id;
    // Invariant (kind key): an override is null exactly when the kind's value is null.
    fillOverrides(e, k.nums, k.strs, nums, o, b.strs, r * ROW_STRS, this.stringId);
    if (++b.n === this.capacity) this.flush();
  }

  /**
   * Stores `e`, which equals the exit pushed last in every field but seq, timeNs and value
   * (ExitSink.pushRepeat): its kind is the last one unless value's nullness changed, and its
   * other override slots are the previous row's (the same fields give the same slots). The first
   * row of a batch, or a value that changes the kind, goes through push.
   */
  pushRepeat(e: ExitRecord): void {
    const k = this.last;
    const b = this.batch;
    const r = b.n;
    if (k === null || r === 0 || (e.value === null) !== ((k.nullMask & (1 << VALUE_OVR)) !== 0)) {
      this.push(e);
      return;
    }
    const nums = b.nums;
    const o = r * ROW_NUMS;
    // Plain loops: copyWithin's call costs more than these few slots.
    for (let i = o + 3; i < o + ROW_NUMS; i++) nums[i] = nums[i - ROW_NUMS]!;
    nums[o + SLOT_SEQ] = e.seq;
    nums[o + SLOT_TIME] = e.timeNs;
    nums[o + SLOT_KIND] = k.id;
    const v = e.value;
    nums[o + 3 + VALUE_OVR] = v === null || v === k.nums[VALUE_OVR] ? NaN : v;
    const strs = b.strs;
    for (let i = r * ROW_STRS; i < (r + 1) * ROW_STRS; i++) strs[i] = strs[i - ROW_STRS]!;
    if (++b.n === this.capacity) this.flush();
  }

  /** Hands over the current batch if it holds any exit or new kind. */
  flush(): void {
    if (this.batch.n === 0 && this.batch.kinds.length === 0) return;
    const full = this.batch;
    this.batch = this.empty();
    this.onBatch(full);
  }

  private readonly stringId = (s: string): number => {
    let id = this.strIds.get(s);
    if (id === undefined) {
      id = this.strIds.size;
      this.strIds.set(s, id);
      this.batch.dict.push(s);
    }
    return id;
  };

  private kindOf(e: ExitRecord): KnownKind {
    const mask = nullMaskOf(e);
    const last = this.last;
    if (last !== null && last.nullMask === mask && sameKey(e, last.key, sameBytes)) return last;
    // Bucket by a number made of the reason, port, vCPU and null mask (no string per exit), then
    // compare the whole key with the few kinds of the bucket.
    let reason = this.reasonIds.get(e.reason);
    if (reason === undefined) this.reasonIds.set(e.reason, (reason = this.reasonIds.size));
    const hash = ((reason * 65537 + (e.port ?? 65536)) * 1024 + (e.vcpu & 1023)) * 512 + mask;
    let bucket = this.buckets.get(hash);
    if (!bucket) this.buckets.set(hash, (bucket = []));
    for (const k of bucket) {
      if (k.nullMask === mask && sameKey(e, k.key, sameBytes)) return (this.last = k);
    }
    const k: KnownKind = {
      id: this.kinds++,
      key: KEY_FIELDS.map((f) => {
        const v = e[f];
        return v instanceof Uint8Array ? v.slice() : v;
      }),
      nums: Float64Array.from(OVR_NUM_FIELDS, (f) => (e[f] as number | null) ?? NaN),
      strs: OVR_STR_FIELDS.map((f) => e[f] as string | null),
      nullMask: mask,
    };
    bucket.push(k);
    this.batch.kinds.push(KIND_COLUMNS.map((c) => sqlValue(c, e[c.field])));
    return (this.last = k);
  }
}
