// Migration: what `perf kvm stat`-style reports and honest per-port views need beyond the
// summaries of migrations 1-3 (appended to MIGRATIONS; the number it gets is its position).
//   summary_reason.sumsq_ns, summary_port.sumsq_ns  Σ latency² of the closed exits, so a report
//                     can give mean ± stddev (population stddev = sqrt(Σx²/n − mean²));
//   summary_port.ops  port operations on this (port, direction, size): one per exit for
//                     single-operation mechanisms, each operation of a batched or ring exit on
//                     its own port (the producer's own counts). Rows with count = 0 exist for
//                     ports reached only by later operations of a batch. NULL: not recorded
//                     (traces stored before this migration).
//   summary_vcpu      the same statistics per vCPU, per reason (grp 'reason', key = reason) and
//                     per port group (grp 'port', key = 'port|direction|size').
//   summary_rate      exits per vCPU in equal time buckets (bucket i = [origin + i·width,
//                     origin + (i+1)·width) ns; origin = the first exit's time), for exits per
//                     second over time without a scan (summary-rate.ts).
// Traces stored before it keep NULLs and have no per-vCPU rows: the views say "not recorded".
export const MIGRATION_STAT = `
  ALTER TABLE summary_reason ADD COLUMN sumsq_ns REAL;
  ALTER TABLE summary_port ADD COLUMN sumsq_ns REAL;
  ALTER TABLE summary_port ADD COLUMN ops INTEGER;
  CREATE TABLE summary_vcpu (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    vcpu     INTEGER NOT NULL,
    grp      TEXT    NOT NULL CHECK (grp IN ('reason', 'port')),
    key      TEXT    NOT NULL,
    device   TEXT,
    count    INTEGER NOT NULL,
    closed   INTEGER NOT NULL,
    min_ns INTEGER, p50_ns INTEGER, p90_ns INTEGER, p99_ns INTEGER, max_ns INTEGER,
    mean_ns  REAL,
    total_ns INTEGER NOT NULL,
    sumsq_ns REAL,
    PRIMARY KEY (trace_id, grp, key, vcpu)
  );
  CREATE TABLE summary_rate (
    trace_id  INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    vcpu      INTEGER NOT NULL,
    bucket    INTEGER NOT NULL,
    exits     INTEGER NOT NULL,
    width_ns  REAL    NOT NULL,
    origin_ns REAL    NOT NULL,
    PRIMARY KEY (trace_id, vcpu, bucket)
  );
`;
