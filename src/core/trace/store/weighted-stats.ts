// Count, extremes, total and nearest-rank percentiles of one group of values (exit latencies,
// per-exit costs) fed either one at a time (add) or as a value repeated n times (addMany: every
// exit of one kind has the same priced cost and, in an emulated run, the same latency). The
// summaries of summarize.ts and cost-groups.ts use it. Percentiles use the nearest-rank method:
// pN is the value at rank ceil(N/100 * n) of the n values in ascending order (integer arithmetic).

/** The percentiles every summary table stores (p50, p90, p99). */
export const SUMMARY_PERCENTILES = [50, 90, 99] as const;

/** 1-based nearest rank of percentile p among n values: ceil(p * n / 100), in integers. */
const rankOf = (p: number, n: number): number => Math.floor((p * n + 99) / 100);

export class WeightedStats {
  /** Values fed, null ones included. */
  count = 0;
  /** Non-null values fed. */
  closed = 0;
  min: number | null = null;
  max: number | null = null;
  total = 0;
  /** Σ value² of the non-null values (for the standard deviation). */
  sumSq = 0;
  private data = new Float64Array(64);
  private singles = 0;
  private readonly repeated: { value: number; times: number }[] = [];

  add(value: number): void {
    this.count++;
    this.closed++;
    if (this.singles === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.singles++] = value;
    this.total += value;
    this.sumSq += value * value;
    if (this.min === null || value < this.min) this.min = value;
    if (this.max === null || value > this.max) this.max = value;
  }

  /** `value` (null: an exit never closed) fed `times` times. */
  addMany(value: number | null, times: number): void {
    if (times <= 0) return;
    this.count += times;
    if (value === null) return;
    this.closed += times;
    this.repeated.push({ value, times });
    this.total += value * times;
    this.sumSq += value * value * times;
    if (this.min === null || value < this.min) this.min = value;
    if (this.max === null || value > this.max) this.max = value;
  }

  /** Nearest-rank percentiles of the non-null values, in the order of `ps`. */
  percentiles(ps: readonly number[]): (number | null)[] {
    const n = this.closed;
    if (n === 0) return ps.map(() => null);
    const singles = this.data.subarray(0, this.singles).sort();
    const reps = [...this.repeated].sort((a, b) => a.value - b.value);
    return ps.map((p) => {
      const rank = rankOf(p, n);
      // Walk both ascending lists, taking the smaller value first, until `rank` values are passed.
      let i = 0;
      let j = 0;
      let seen = 0;
      for (;;) {
        const single = i < singles.length ? singles[i]! : Infinity;
        if (j < reps.length && reps[j]!.value <= single) {
          seen += reps[j]!.times;
          if (seen >= rank) return reps[j]!.value;
          j++;
        } else {
          seen++;
          if (seen >= rank) return single;
          i++;
        }
      }
    });
  }
}
