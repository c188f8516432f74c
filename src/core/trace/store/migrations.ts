// Schema of an ExitScope trace file (a SQLite database), as numbered migrations. The file's
// PRAGMA user_version is the number of migrations applied; opening a file applies the missing
// ones in one transaction. Never edit a released migration: add a new one.
//
// Layout: `traces` holds one row per imported trace or emulated run; `exits` one row per exit
// (DESIGN.md "The exit record", shared by imports and emulated runs, keyed by (trace_id, seq));
// the summary_* tables hold what the views need, computed once when a trace is stored.

export const MIGRATIONS: readonly string[] = [
  // 1: traces, exits, summaries
  `
  CREATE TABLE traces (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('imported', 'emulated', 'derived')),
    status        TEXT    NOT NULL CHECK (status IN ('complete', 'cancelled', 'failed')),
    format        TEXT    NOT NULL,
    source_path   TEXT,
    created_at    TEXT    NOT NULL,
    derived_from  INTEGER REFERENCES traces(id) ON DELETE SET NULL,
    line_count    INTEGER NOT NULL DEFAULT 0,
    skipped_lines INTEGER NOT NULL DEFAULT 0,
    exit_count    INTEGER NOT NULL DEFAULT 0,
    io_exit_count INTEGER NOT NULL DEFAULT 0,
    vcpu_count    INTEGER NOT NULL DEFAULT 0,
    first_ns      INTEGER,
    last_ns       INTEGER,
    meta_json     TEXT    NOT NULL DEFAULT '{}'
  );

  CREATE TABLE exits (
    trace_id        INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    time_ns         INTEGER NOT NULL,
    vcpu            INTEGER NOT NULL,
    rip             INTEGER,
    cpl             INTEGER,
    insn_bytes      BLOB,
    reason          TEXT    NOT NULL,
    reason_native   TEXT    NOT NULL,
    isa             TEXT,
    reason_code     INTEGER,
    form_id         INTEGER,
    mnemonic        TEXT,
    port            INTEGER,
    port_source     TEXT,
    size            INTEGER,
    direction       TEXT,
    is_string       INTEGER,
    is_rep          INTEGER,
    count           INTEGER,
    addr_size       INTEGER,
    segment         TEXT,
    value           INTEGER,
    buffer_addr     INTEGER,
    device          TEXT,
    device_location TEXT,
    mechanism       TEXT,
    info1           TEXT,
    info2           TEXT,
    error_code      INTEGER,
    latency_ns      INTEGER,
    line            INTEGER,
    emulated        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (trace_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE summary_reason (
    trace_id  INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    reason    TEXT    NOT NULL,
    natives   TEXT    NOT NULL, -- JSON array of the native names seen
    count     INTEGER NOT NULL,
    closed    INTEGER NOT NULL,
    min_ns    INTEGER, p50_ns INTEGER, p90_ns INTEGER, p99_ns INTEGER, max_ns INTEGER,
    mean_ns   REAL,
    total_ns  INTEGER NOT NULL,
    PRIMARY KEY (trace_id, reason)
  );

  CREATE TABLE summary_port (
    trace_id        INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    port            INTEGER NOT NULL,
    direction       TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    device          TEXT,
    count           INTEGER NOT NULL,
    closed          INTEGER NOT NULL,
    userspace_count INTEGER NOT NULL,
    elements        INTEGER NOT NULL,
    min_ns INTEGER, p50_ns INTEGER, p90_ns INTEGER, p99_ns INTEGER, max_ns INTEGER,
    mean_ns         REAL,
    total_ns        INTEGER NOT NULL,
    PRIMARY KEY (trace_id, port, direction, size)
  );

  CREATE TABLE summary_histogram (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    bucket   INTEGER NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (trace_id, bucket)
  );

  CREATE TABLE summary_slowest (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    rank     INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (trace_id, rank)
  );

  CREATE TABLE summary_events (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    event    TEXT    NOT NULL,
    count    INTEGER NOT NULL,
    handled  INTEGER NOT NULL,
    PRIMARY KEY (trace_id, event)
  );

  CREATE TABLE import_issues (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    line     INTEGER NOT NULL,
    message  TEXT    NOT NULL,
    text     TEXT    NOT NULL
  );
  CREATE INDEX import_issues_trace ON import_issues(trace_id, line);
  `,
  // 2: the cost of emulated exits, per component, in guest cycles, and the hypervisor decoder's
  //    step counts they were priced from. Imported exits have none, so they live in their own
  //    table (keeping the exits rows of big imports narrow); exits_priced joins the two.
  `
  CREATE TABLE exit_costs (
    trace_id           INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    seq                INTEGER NOT NULL,
    cost_entry         INTEGER, cost_dispatch INTEGER, cost_fetch INTEGER, cost_decode INTEGER,
    cost_permission    INTEGER, cost_userspace INTEGER, cost_emulate INTEGER, cost_resume INTEGER,
    cost_total         INTEGER,
    step_bytes         INTEGER, step_prefixes INTEGER, step_branches INTEGER, step_table_lookups INTEGER,
    step_page_walks    INTEGER, step_walk_levels INTEGER, step_tlb_hits INTEGER,
    PRIMARY KEY (trace_id, seq)
  ) WITHOUT ROWID;
  CREATE VIEW exits_priced AS
    SELECT e.*, c.cost_entry, c.cost_dispatch, c.cost_fetch, c.cost_decode, c.cost_permission, c.cost_userspace,
           c.cost_emulate, c.cost_resume, c.cost_total, c.step_bytes, c.step_prefixes, c.step_branches,
           c.step_table_lookups, c.step_page_walks, c.step_walk_levels, c.step_tlb_hits
    FROM exits e LEFT JOIN exit_costs c ON c.trace_id = e.trace_id AND c.seq = e.seq;
  `,
];
