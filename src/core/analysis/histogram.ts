// The latency histogram of an emulated run from its summarized buckets (summary_histogram: the
// same log2 buckets, four per octave, as imported traces), empty buckets between the first and
// the last filled in so the axis stays log-uniform. Pure.
import type { Histogram } from '../../shared/dto';
import { HISTOGRAM_BUCKETS_PER_OCTAVE, histogramBucketEdges } from '../trace/store/summarize';

export function latencyHistogram(counts: readonly { bucket: number; count: number }[], cpuHz: number | null): Histogram {
  const byBucket = new Map<number, number>();
  for (const { bucket, count } of counts) byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + count);
  const used = [...byBucket.keys()].filter((b) => b >= 0).sort((a, b) => a - b);
  const buckets: Histogram['buckets'] = [];
  if (byBucket.has(-1)) buckets.push({ index: -1, ...histogramBucketEdges(-1), count: byBucket.get(-1)! });
  if (used.length > 0) {
    for (let i = used[0]!; i <= used[used.length - 1]!; i++) buckets.push({ index: i, ...histogramBucketEdges(i), count: byBucket.get(i) ?? 0 });
  }
  const B = HISTOGRAM_BUCKETS_PER_OCTAVE;
  const clock = cpuHz === null ? 'the guest clock' : `the guest clock (${cpuHz / 1e6} MHz)`;
  return {
    bucketsPerOctave: B,
    derivation: `log2 buckets, ${B} per octave: bucket i holds exit latencies in [2^(i/${B}), 2^((i+1)/${B})) ns; ` +
      `an emulated exit's latency is its priced cost (Σ of its eight components, cycles) at ${clock}`,
    buckets,
  };
}
