// Migration SQL for exploring every exit (issue 11, part A): what the exit table, the exit
// detail and the timeline read so that a ten-million-exit trace answers a page, a seek or a
// zoomed-out timeline without scanning its exits. Written when a trace is stored
// (explore-index.ts, called from summarizeTrace) and, for traces stored before, on first use.
// No index of exit_rows by kind: maintained on every insert it about doubled the insert cost, and a
// page never needs it (it reads at most a block of seqs through the primary key).
//   exit_latency        (trace_id, latency, kind, seq) of every exit with a latency, for traces whose
//                       exits carry their own latency (imports); latency-sorted pages read it in order
//   summary_kind_exits  exits per kind (exact counts of any kind-level filter, no scan)
//   summary_kind_blocks exits per kind per block of BLOCK_SEQS sequence numbers (seeking to a row
//                       index in seq order touches at most one block of rows)
//   timeline_meta       the time buckets' origin, width and level count; whether time rises with seq
//   timeline_lanes      the trace's (vCPU, reason, form) combinations, numbered
//   summary_timeline    exits per (level, time bucket, lane), latency sum and max, and the seq range
//                       of each bucket (a time window becomes a seq range)
// exit_latency has no foreign key (like exit_rows): the trigger deletes it with its trace.
export const MIGRATION_EXPLORE = `
  CREATE TABLE exit_latency (
    trace_id   INTEGER NOT NULL,
    latency_ns INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (trace_id, latency_ns, kind, seq)
  ) WITHOUT ROWID;
  CREATE TRIGGER traces_delete_latency AFTER DELETE ON traces BEGIN
    DELETE FROM exit_latency WHERE trace_id = OLD.id;
  END;

  CREATE TABLE summary_kind_exits (
    trace_id  INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    kind      INTEGER NOT NULL,
    exits     INTEGER NOT NULL,
    PRIMARY KEY (trace_id, kind)
  ) WITHOUT ROWID;

  CREATE TABLE summary_kind_blocks (
    trace_id  INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    block     INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    exits     INTEGER NOT NULL,
    PRIMARY KEY (trace_id, block, kind)
  ) WITHOUT ROWID;

  CREATE TABLE timeline_meta (
    trace_id       INTEGER PRIMARY KEY REFERENCES traces(id) ON DELETE CASCADE,
    origin_ns      INTEGER NOT NULL,
    width_ns       INTEGER NOT NULL,
    buckets        INTEGER NOT NULL,
    levels         INTEGER NOT NULL,
    level_factor   INTEGER NOT NULL,
    block_seqs     INTEGER NOT NULL,
    time_monotonic INTEGER NOT NULL,
    row_latency    INTEGER NOT NULL
  );

  CREATE TABLE timeline_lanes (
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    lane        INTEGER NOT NULL,
    vcpu        INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    form_id     INTEGER NOT NULL, -- -1: no port-I/O form
    PRIMARY KEY (trace_id, lane)
  ) WITHOUT ROWID;

  CREATE TABLE summary_timeline (
    trace_id    INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    level       INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    lane        INTEGER NOT NULL,
    exits       INTEGER NOT NULL,
    latency_sum REAL,
    latency_max REAL,
    min_seq     INTEGER NOT NULL,
    max_seq     INTEGER NOT NULL,
    PRIMARY KEY (trace_id, level, bucket, lane)
  ) WITHOUT ROWID;
`;
