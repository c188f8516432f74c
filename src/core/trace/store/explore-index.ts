// Builds what the exit table, the exit detail and the timeline read (migration-explore.ts) for
// one stored trace, with one scan of its exit_rows in seq order plus, for traces whose exits
// carry their own latency (imports), one sorted INSERT of exit_latency. Called by summarizeTrace
// when a trace is stored (inside the import's or run's transaction), and by ensureExploreIndex
// for traces stored before the tables existed.
// Time buckets: level 0 splits [first_ns, last_ns] of the trace into a power of 4 of buckets of
// equal width (at least 1 ns; few enough that buckets × lanes ≤ exits / TIMELINE_EXITS_PER_CELL,
// so the table stays small beside the exits); level L merges TIMELINE_LEVEL_FACTOR^L of them. Each bucket row is per
// lane — a (vCPU, reason, form) of the trace, numbered in timeline_lanes — with the exits' count, latency sum and max (the exit's latency,
// or for emulated exits the priced cost's ns), and the smallest and largest seq in it.
import type { Db } from './open-trace-db';

/**
 * Level-0 buckets: a power of 4 between the bounds, the most for which buckets × lanes stays within
 * exits / TIMELINE_EXITS_PER_CELL (so the table is small beside the exits: about 2 bytes per exit).
 */
export const TIMELINE_MAX_BUCKETS = 65536;
export const TIMELINE_MIN_BUCKETS = 1024;
export const TIMELINE_EXITS_PER_CELL = 16;
export const TIMELINE_LEVEL_FACTOR = 4;
export const TIMELINE_LEVELS = 5;
/** Sequence numbers per block of summary_kind_blocks. */
export const BLOCK_SEQS = 16384;

let enabled = true;
/** Turns building on or off for this process (bench:explore measures a store without it); default on. */
export function setExploreIndexing(on: boolean): void {
  enabled = on;
}

/** Time spent in buildExploreIndex by this process (bench:explore reports it). */
export const exploreBuildTime = { ms: 0, latencyMs: 0 };

export interface TimelineMeta {
  originNs: number;
  widthNs: number;
  buckets: number;
  levels: number;
  levelFactor: number;
  blockSeqs: number;
  /** Whether time_ns never decreases as seq grows (then a time window is one seq range). */
  timeMonotonic: boolean;
  /** Whether some exits carry their own latency (then exit_latency holds every exit with one). */
  rowLatency: boolean;
}

export function readTimelineMeta(db: Db, traceId: number): TimelineMeta | null {
  const r = db.prepare('SELECT * FROM timeline_meta WHERE trace_id = ?').get(traceId) as Record<string, number> | undefined;
  if (!r) return null;
  return {
    originNs: r.origin_ns!, widthNs: r.width_ns!, buckets: r.buckets!, levels: r.levels!, levelFactor: r.level_factor!,
    blockSeqs: r.block_seqs!, timeMonotonic: r.time_monotonic === 1, rowLatency: r.row_latency === 1,
  };
}

interface KindInfo { vcpu: number; reason: string; formId: number; latency: number | null }

/** Writes the explore tables of one trace (its exits must be stored; its rows there are replaced). */
export function buildExploreIndex(db: Db, traceId: number): void {
  if (!enabled) return;
  const started = performance.now();
  for (const t of ['exit_latency', 'summary_kind_exits', 'summary_kind_blocks', 'timeline_meta', 'timeline_lanes', 'summary_timeline']) {
    db.prepare(`DELETE FROM ${t} WHERE trace_id = ?`).run(traceId);
  }
  const span = db.prepare('SELECT first_ns, last_ns FROM traces WHERE id = ?').get(traceId) as { first_ns: number | null; last_ns: number | null } | undefined;
  if (!span) return;
  const kinds = db.prepare('SELECT kind, vcpu, reason, form_id, latency_ns FROM exit_kinds WHERE trace_id = ? ORDER BY kind').all(traceId) as
    { kind: number; vcpu: number; reason: string; form_id: number | null; latency_ns: number | null }[];
  const info: KindInfo[] = [];
  const comboIds = new Map<string, number>();
  const combos: { vcpu: number; reason: string; formId: number }[] = [];
  const comboOf: number[] = [];
  for (const k of kinds) {
    const formId = k.form_id ?? -1;
    info[k.kind] = { vcpu: k.vcpu, reason: k.reason, formId, latency: k.latency_ns };
    const key = `${k.vcpu}\u0000${k.reason}\u0000${formId}`;
    let c = comboIds.get(key);
    if (c === undefined) {
      comboIds.set(key, (c = combos.length));
      combos.push({ vcpu: k.vcpu, reason: k.reason, formId });
    }
    comboOf[k.kind] = c;
  }
  const C = Math.max(1, combos.length);
  let origin = span.first_ns ?? 0;
  const last = span.last_ns ?? origin;
  // first_ns/last_ns bound every exit's time (last_ns is the latest exit's end), so no bucket falls outside.
  if (origin > last) origin = last;
  const total = (db.prepare('SELECT exit_count FROM traces WHERE id = ?').get(traceId) as { exit_count: number }).exit_count;
  let bucketCount = TIMELINE_MIN_BUCKETS;
  while (bucketCount < TIMELINE_MAX_BUCKETS && bucketCount * TIMELINE_LEVEL_FACTOR * C * TIMELINE_EXITS_PER_CELL <= total) bucketCount *= TIMELINE_LEVEL_FACTOR;
  const width = Math.max(1, Math.ceil((last - origin + 1) / bucketCount));

  const kindExits = new Float64Array(kinds.length === 0 ? 1 : (kinds[kinds.length - 1]!.kind + 1));
  // (block, kind, exits) triples, written after the scan (a connection cannot write while it reads).
  const blockRows: number[] = [];
  let block = -1;
  let blockCounts = new Map<number, number>();
  const flushBlock = (): void => {
    for (const [kind, n] of blockCounts) blockRows.push(block, kind, n);
    blockCounts = new Map();
  };
  // Level-0 buckets: key bucket * C + combo → slot in the parallel arrays.
  const slots = new Map<number, number>();
  let exitsOf: number[] = [];
  let latSum: number[] = [];
  let latMax: number[] = [];
  let latKnown: number[] = [];
  let minSeq: number[] = [];
  let maxSeq: number[] = [];
  let keys: number[] = [];
  let monotonic = true;
  let prevTime = -Infinity;
  let rowLatency = false;
  const rows = db.prepare('SELECT seq, time_ns, kind, latency_ns FROM exit_rows WHERE trace_id = ? ORDER BY seq').raw(true);
  for (const [seq, time, kind, ownLatency] of rows.iterate(traceId) as IterableIterator<[number, number, number, number | null]>) {
    kindExits[kind] = kindExits[kind]! + 1;
    const b = Math.floor(seq / BLOCK_SEQS);
    if (b !== block) {
      if (block >= 0) flushBlock();
      block = b;
    }
    blockCounts.set(kind, (blockCounts.get(kind) ?? 0) + 1);
    if (time < prevTime) monotonic = false;
    prevTime = time;
    if (ownLatency !== null) rowLatency = true;
    const lat = ownLatency ?? info[kind]?.latency ?? null;
    let bucket = Math.floor((time - origin) / width);
    if (bucket < 0) bucket = 0;
    else if (bucket >= bucketCount) bucket = bucketCount - 1;
    const key = bucket * C + (comboOf[kind] ?? 0);
    let s = slots.get(key);
    if (s === undefined) {
      slots.set(key, (s = keys.length));
      keys.push(key);
      exitsOf.push(0);
      latSum.push(0);
      latMax.push(-1);
      latKnown.push(0);
      minSeq.push(seq);
      maxSeq.push(seq);
    }
    exitsOf[s]!++;
    if (lat !== null) {
      latSum[s] = latSum[s]! + lat;
      latKnown[s]!++;
      if (lat > latMax[s]!) latMax[s] = lat;
    }
    if (seq < minSeq[s]!) minSeq[s] = seq;
    if (seq > maxSeq[s]!) maxSeq[s] = seq;
  }
  if (block >= 0) flushBlock();
  const insertBlock = db.prepare('INSERT INTO summary_kind_blocks (trace_id, block, kind, exits) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < blockRows.length; i += 3) insertBlock.run(traceId, blockRows[i], blockRows[i + 1], blockRows[i + 2]);

  const insertKind = db.prepare('INSERT INTO summary_kind_exits (trace_id, kind, exits) VALUES (?, ?, ?)');
  for (let k = 0; k < kindExits.length; k++) if (kindExits[k]! > 0) insertKind.run(traceId, k, kindExits[k]);

  const insertLane = db.prepare('INSERT INTO timeline_lanes (trace_id, lane, vcpu, reason, form_id) VALUES (?, ?, ?, ?, ?)');
  combos.forEach((c, i) => insertLane.run(traceId, i, c.vcpu, c.reason, c.formId));
  const insertBucket = db.prepare(`INSERT INTO summary_timeline (trace_id, level, bucket, lane, exits, latency_sum, latency_max, min_seq, max_seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (let level = 0; level < TIMELINE_LEVELS; level++) {
    if (level > 0) {
      // Merge the previous level's buckets TIMELINE_LEVEL_FACTOR at a time.
      const merged = new Map<number, number>();
      const next = { keys: [] as number[], exits: [] as number[], sum: [] as number[], max: [] as number[], known: [] as number[], min: [] as number[], maxS: [] as number[] };
      for (let s = 0; s < keys.length; s++) {
        const key = keys[s]!;
        const k2 = Math.floor(Math.floor(key / C) / TIMELINE_LEVEL_FACTOR) * C + (key % C);
        let t = merged.get(k2);
        if (t === undefined) {
          merged.set(k2, (t = next.keys.length));
          next.keys.push(k2); next.exits.push(0); next.sum.push(0); next.max.push(-1); next.known.push(0);
          next.min.push(minSeq[s]!); next.maxS.push(maxSeq[s]!);
        }
        next.exits[t]! += exitsOf[s]!;
        next.sum[t]! += latSum[s]!;
        next.known[t]! += latKnown[s]!;
        if (latMax[s]! > next.max[t]!) next.max[t] = latMax[s]!;
        if (minSeq[s]! < next.min[t]!) next.min[t] = minSeq[s]!;
        if (maxSeq[s]! > next.maxS[t]!) next.maxS[t] = maxSeq[s]!;
      }
      keys = next.keys;
      exitsOf = next.exits; latSum = next.sum; latMax = next.max; latKnown = next.known; minSeq = next.min; maxSeq = next.maxS;
    }
    for (let s = 0; s < keys.length; s++) {
      const key = keys[s]!;
      insertBucket.run(traceId, level, Math.floor(key / C), key % C, exitsOf[s],
        latKnown[s]! > 0 ? latSum[s] : null, latKnown[s]! > 0 ? latMax[s] : null, minSeq[s], maxSeq[s]);
    }
  }

  if (rowLatency) {
    const t0 = performance.now();
    db.prepare(`INSERT INTO exit_latency (trace_id, latency_ns, kind, seq)
      SELECT r.trace_id, COALESCE(r.latency_ns, k.latency_ns) AS lat, r.kind, r.seq
      FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind
      WHERE r.trace_id = ? AND k.latency_ns IS NOT NULL ORDER BY lat, r.kind, r.seq`).run(traceId);
    exploreBuildTime.latencyMs += performance.now() - t0;
  }
  db.prepare(`INSERT INTO timeline_meta (trace_id, origin_ns, width_ns, buckets, levels, level_factor, block_seqs, time_monotonic, row_latency)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(traceId, origin, width, bucketCount, TIMELINE_LEVELS, TIMELINE_LEVEL_FACTOR, BLOCK_SEQS,
    monotonic ? 1 : 0, rowLatency ? 1 : 0);
  exploreBuildTime.ms += performance.now() - started;
}

/** The trace's explore tables, built now (in one transaction) if it was stored before they existed. */
export function ensureExploreIndex(db: Db, traceId: number): TimelineMeta {
  const meta = readTimelineMeta(db, traceId);
  if (meta !== null) return meta;
  const was = enabled;
  enabled = true;
  try {
    db.transaction(() => buildExploreIndex(db, traceId)).immediate();
  } finally {
    enabled = was;
  }
  const built = readTimelineMeta(db, traceId);
  if (built === null) throw new Error(`explore-index: trace ${traceId} has no row in traces`);
  return built;
}
