// Schema of an ExitScope trace file (a SQLite database), as numbered migrations. The file's
// PRAGMA user_version is the number of migrations applied; opening a file applies the missing
// ones in one transaction. Never edit a released migration: add a new one.
//
// Layout: `traces` holds one row per imported trace or emulated run; `exits` one row per exit
// (DESIGN.md "The exit record", shared by imports and emulated runs, keyed by (trace_id, seq));
// the summary_* tables hold what the views need, computed once when a trace is stored.
// Since migration 3, `exits` and `exits_priced` are views over exit_rows (a compact row per
// exit) and exit_kinds (the per-trace dictionary of what repeats), with the same columns.

import { MIGRATION_EXPLORE } from './migration-explore';
import { MIGRATION_STAT } from './migration-stat';

// Migration 3's column lists, frozen here (a migration never changes once released).
const M3_KIND_COLS = `vcpu, rip, cpl, insn_bytes, reason, reason_native, isa, reason_code, form_id, mnemonic, port,
  port_source, size, direction, is_string, is_rep, count, addr_size, segment, value, buffer_addr, device, device_location,
  mechanism, info1, info2, error_code, latency_ns, line, emulated`;
const M3_COST_COLS = `cost_entry, cost_dispatch, cost_fetch, cost_decode, cost_permission, cost_userspace, cost_emulate,
  cost_resume, cost_total, step_bytes, step_prefixes, step_branches, step_table_lookups, step_page_walks, step_walk_levels, step_tlb_hits`;
/** Every kind column of a version-2 exit, quoted into one text key (quote() tells NULL, text and BLOB apart). */
const M3_OLD_KEY = `concat_ws(',', ${[
  'vcpu', 'cpl', 'insn_bytes', 'reason', 'reason_native', 'isa', 'reason_code', 'form_id', 'mnemonic', 'port', 'port_source',
  'size', 'direction', 'is_string', 'is_rep', 'addr_size', 'segment', 'device', 'device_location', 'mechanism', 'error_code',
  'emulated', 'cost_entry', 'cost_dispatch', 'cost_fetch', 'cost_decode', 'cost_permission', 'cost_userspace', 'cost_emulate',
  'cost_resume', 'cost_total', 'step_bytes', 'step_prefixes', 'step_branches', 'step_table_lookups', 'step_page_walks',
  'step_walk_levels', 'step_tlb_hits'].map((c) => `quote(${c})`).join(', ')})`;
const M3_COST_SUMS = `cost_entry REAL, cost_dispatch REAL, cost_fetch REAL, cost_decode REAL, cost_permission REAL,
    cost_userspace REAL, cost_emulate REAL, cost_resume REAL, cost_total REAL,
    cost_p50 REAL, cost_p90 REAL, cost_p99 REAL, cost_max REAL`;

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
  // 3: compact storage. exit_rows holds one narrow row per exit (what varies exit to exit);
  //    exit_kinds one row per distinct rest of the record (reason, form, port, device, mechanism,
  //    CPL, instruction bytes, cost components, decode steps, ...), numbered per trace from 0.
  //    The override columns (rip .. info2) are in both: the kind has the value it was first seen
  //    with, the row a value only where the exit's differs; whether the value is null is part of
  //    the kind, so COALESCE(row, kind) is exact. The views `exits` and `exits_priced` keep the
  //    columns of versions 1-2. exit_rows has no foreign key (checking the parent costs on every
  //    insert): the trigger traces_delete_rows deletes a trace's rows with it.
  //    Per-run summaries by form, device and mechanism and the cost-component totals are new.
  //    Existing exits are converted (one kind per distinct rest of the record, override columns
  //    kept in the rows), then the version-2 tables are dropped.
  `
  DROP VIEW exits_priced;
  ALTER TABLE exits RENAME TO exits_v2;
  ALTER TABLE exit_costs RENAME TO exit_costs_v2;

  CREATE TABLE exit_kinds (
    trace_id        INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    kind            INTEGER NOT NULL,
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
    cost_entry      INTEGER, cost_dispatch INTEGER, cost_fetch INTEGER, cost_decode INTEGER,
    cost_permission INTEGER, cost_userspace INTEGER, cost_emulate INTEGER, cost_resume INTEGER,
    cost_total      INTEGER,
    step_bytes      INTEGER, step_prefixes INTEGER, step_branches INTEGER, step_table_lookups INTEGER,
    step_page_walks INTEGER, step_walk_levels INTEGER, step_tlb_hits INTEGER,
    PRIMARY KEY (trace_id, kind)
  ) WITHOUT ROWID;

  CREATE TABLE exit_rows (
    trace_id    INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    time_ns     INTEGER NOT NULL,
    kind        INTEGER NOT NULL,
    rip         INTEGER,
    value       INTEGER,
    count       INTEGER,
    buffer_addr INTEGER,
    latency_ns  INTEGER,
    line        INTEGER,
    info1       TEXT,
    info2       TEXT,
    PRIMARY KEY (trace_id, seq)
  ) WITHOUT ROWID;

  CREATE TRIGGER traces_delete_rows AFTER DELETE ON traces BEGIN
    DELETE FROM exit_rows WHERE trace_id = OLD.id;
  END;

  CREATE VIEW exits AS
    SELECT r.trace_id, r.seq, r.time_ns, k.vcpu, COALESCE(r.rip, k.rip) AS rip, k.cpl, k.insn_bytes, k.reason,
           k.reason_native, k.isa, k.reason_code, k.form_id, k.mnemonic, k.port, k.port_source, k.size, k.direction,
           k.is_string, k.is_rep, COALESCE(r.count, k.count) AS count, k.addr_size, k.segment,
           COALESCE(r.value, k.value) AS value, COALESCE(r.buffer_addr, k.buffer_addr) AS buffer_addr, k.device,
           k.device_location, k.mechanism, COALESCE(r.info1, k.info1) AS info1, COALESCE(r.info2, k.info2) AS info2,
           k.error_code, COALESCE(r.latency_ns, k.latency_ns) AS latency_ns, COALESCE(r.line, k.line) AS line, k.emulated
    FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind;

  CREATE VIEW exits_priced AS
    SELECT r.trace_id, r.seq, r.time_ns, k.vcpu, COALESCE(r.rip, k.rip) AS rip, k.cpl, k.insn_bytes, k.reason,
           k.reason_native, k.isa, k.reason_code, k.form_id, k.mnemonic, k.port, k.port_source, k.size, k.direction,
           k.is_string, k.is_rep, COALESCE(r.count, k.count) AS count, k.addr_size, k.segment,
           COALESCE(r.value, k.value) AS value, COALESCE(r.buffer_addr, k.buffer_addr) AS buffer_addr, k.device,
           k.device_location, k.mechanism, COALESCE(r.info1, k.info1) AS info1, COALESCE(r.info2, k.info2) AS info2,
           k.error_code, COALESCE(r.latency_ns, k.latency_ns) AS latency_ns, COALESCE(r.line, k.line) AS line, k.emulated,
           k.cost_entry, k.cost_dispatch, k.cost_fetch, k.cost_decode, k.cost_permission, k.cost_userspace,
           k.cost_emulate, k.cost_resume, k.cost_total, k.step_bytes, k.step_prefixes, k.step_branches,
           k.step_table_lookups, k.step_page_walks, k.step_walk_levels, k.step_tlb_hits
    FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind;

  -- Conversion: number the distinct kinds of each trace in order of first appearance.
  CREATE TEMP TABLE m3_keys AS
    SELECT trace_id, k, ROW_NUMBER() OVER (PARTITION BY trace_id ORDER BY first_seq) - 1 AS kind, first_seq
    FROM (SELECT trace_id, k, MIN(seq) AS first_seq FROM (
            SELECT e.trace_id, e.seq, ${M3_OLD_KEY} AS k
            FROM exits_v2 e LEFT JOIN exit_costs_v2 c USING (trace_id, seq))
          GROUP BY trace_id, k);
  CREATE UNIQUE INDEX temp.m3_keys_k ON m3_keys(trace_id, k);
  INSERT INTO exit_kinds (trace_id, kind, ${M3_KIND_COLS}, ${M3_COST_COLS})
    SELECT m.trace_id, m.kind, e.vcpu, NULL, e.cpl, e.insn_bytes, e.reason, e.reason_native, e.isa, e.reason_code,
           e.form_id, e.mnemonic, e.port, e.port_source, e.size, e.direction, e.is_string, e.is_rep, NULL, e.addr_size,
           e.segment, NULL, NULL, e.device, e.device_location, e.mechanism, NULL, NULL, e.error_code, NULL, NULL,
           e.emulated, ${M3_COST_COLS}
    FROM m3_keys m JOIN exits_v2 e ON e.trace_id = m.trace_id AND e.seq = m.first_seq
    LEFT JOIN exit_costs_v2 c ON c.trace_id = m.trace_id AND c.seq = m.first_seq;
  INSERT INTO exit_rows (trace_id, seq, time_ns, kind, rip, value, count, buffer_addr, latency_ns, line, info1, info2)
    SELECT e.trace_id, e.seq, e.time_ns, m.kind, e.rip, e.value, e.count, e.buffer_addr, e.latency_ns, e.line, e.info1, e.info2
    FROM exits_v2 e LEFT JOIN exit_costs_v2 c USING (trace_id, seq)
    JOIN m3_keys m ON m.trace_id = e.trace_id AND m.k = ${M3_OLD_KEY};
  DROP TABLE m3_keys;
  DROP TABLE exit_costs_v2;
  DROP TABLE exits_v2;

  -- Per-run summaries. Cost sums are cycles over the group's exits (NULL when none was priced);
  -- cost_pNN/cost_max are nearest-rank percentiles of the per-exit cost_total.
  CREATE TABLE summary_form (
    trace_id INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    form_id  INTEGER NOT NULL,
    mnemonic TEXT    NOT NULL,
    exits    INTEGER NOT NULL,
    ops      INTEGER NOT NULL,
    elements INTEGER NOT NULL,
    priced   INTEGER NOT NULL,
    ${M3_COST_SUMS},
    PRIMARY KEY (trace_id, form_id)
  );
  CREATE TABLE summary_device (
    trace_id        INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    device          TEXT    NOT NULL,
    device_location TEXT,
    exits           INTEGER NOT NULL,
    ops             INTEGER NOT NULL,
    elements        INTEGER NOT NULL,
    priced          INTEGER NOT NULL,
    ${M3_COST_SUMS},
    PRIMARY KEY (trace_id, device)
  );
  CREATE TABLE summary_mechanism (
    trace_id  INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    mechanism TEXT    NOT NULL,
    exits     INTEGER NOT NULL,
    ops       INTEGER NOT NULL,
    elements  INTEGER NOT NULL,
    priced    INTEGER NOT NULL,
    ${M3_COST_SUMS},
    PRIMARY KEY (trace_id, mechanism)
  );
  CREATE TABLE summary_components (
    trace_id  INTEGER NOT NULL REFERENCES traces(id) ON DELETE CASCADE,
    component TEXT    NOT NULL,
    cycles    REAL    NOT NULL,
    PRIMARY KEY (trace_id, component)
  );
  `,
  // 4: indexes and summaries for exploring every exit (migration-explore.ts)
  MIGRATION_EXPLORE,
  // 5: Σ latency², port operations per port, per-vCPU statistics (migration-stat.ts)
  MIGRATION_STAT,
];
