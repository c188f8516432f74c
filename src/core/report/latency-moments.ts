// Mean and standard deviation of exit latencies per reason and per (port, direction, size), from
// one streamed pass over a trace's exit_rows (the summaries store count, percentiles and mean but
// not the spread). Each exit's latency is its row's own or, when the row has none, its kind's
// (the views' COALESCE). Per kind the values are accumulated shifted by the kind's latency (an
// emulated run's exits all equal it, so its spread is exactly 0), then kinds are merged into
// their groups with Chan et al.'s pairwise update of (n, mean, M2): numerically stable, constant
// memory per kind. The pass yields to the event loop every CHUNK rows so a caller can report
// progress and cancel.
import { ExitScopeError } from '../errors';
import type { Db } from '../trace/store/open-trace-db';

export interface Moments {
  n: number;
  mean: number;
  /** Σ (x − mean)² */
  m2: number;
}

export interface LatencyMomentsResult {
  byReason: Map<string, Moments>;
  /** Keyed "port|direction|size" as summary_port is ('?' and 0 for an unknown direction/size). */
  byPort: Map<string, Moments>;
  all: Moments;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Rows scanned so far (called every CHUNK rows and at the end). */
  onRows?: (rows: number) => void;
}

const CHUNK = 131_072;

export const EMPTY_MOMENTS: Moments = { n: 0, mean: 0, m2: 0 };

/** Chan et al.: the moments of the union of two disjoint groups. */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (b.n === 0) return a;
  if (a.n === 0) return b;
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
}

/** Population standard deviation, or null for an empty group. */
export function stddevOf(m: Moments): number | null {
  return m.n === 0 ? null : Math.sqrt(Math.max(0, m.m2 / m.n));
}

export function portKey(port: number, direction: string | null, size: number | null): string {
  return `${port}|${direction ?? '?'}|${size ?? 0}`;
}

export function cancelledError(what: string): ExitScopeError {
  return new ExitScopeError('Cancelled', `${what} was cancelled`);
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function latencyMoments(db: Db, traceId: number, options: ScanOptions = {}): Promise<LatencyMomentsResult> {
  const kinds = db.prepare('SELECT kind, reason, port, direction, size, latency_ns FROM exit_kinds WHERE trace_id = ? ORDER BY kind')
    .all(traceId) as { kind: number; reason: string; port: number | null; direction: string | null; size: number | null; latency_ns: number | null }[];
  const count = kinds.length === 0 ? 0 : kinds[kinds.length - 1]!.kind + 1;
  const shift = new Float64Array(count);
  const hasShift = new Uint8Array(count);
  const ownN = new Float64Array(count);
  const ownS1 = new Float64Array(count);
  const ownS2 = new Float64Array(count);
  const kindOnly = new Float64Array(count);
  for (const k of kinds) {
    if (k.latency_ns !== null) {
      shift[k.kind] = k.latency_ns;
      hasShift[k.kind] = 1;
    }
  }
  const rows = db.prepare('SELECT kind, latency_ns FROM exit_rows WHERE trace_id = ?').raw(true);
  let scanned = 0;
  for (const [kind, latency] of rows.iterate(traceId) as IterableIterator<[number, number | null]>) {
    if (latency === null) kindOnly[kind]!++;
    else {
      const d = latency - shift[kind]!;
      ownN[kind]!++;
      ownS1[kind]! += d;
      ownS2[kind]! += d * d;
    }
    if (++scanned % CHUNK === 0) {
      options.onRows?.(scanned);
      await tick();
      if (options.signal?.aborted) throw cancelledError('the report');
    }
  }
  options.onRows?.(scanned);
  const byReason = new Map<string, Moments>();
  const byPort = new Map<string, Moments>();
  let all = EMPTY_MOMENTS;
  for (const k of kinds) {
    const i = k.kind;
    const n = ownN[i]! + (hasShift[i] ? kindOnly[i]! : 0);
    if (n === 0) continue;
    const s1 = ownS1[i]!;
    const m: Moments = { n, mean: shift[i]! + s1 / n, m2: Math.max(0, ownS2[i]! - (s1 * s1) / n) };
    byReason.set(k.reason, mergeMoments(byReason.get(k.reason) ?? EMPTY_MOMENTS, m));
    if (k.port !== null) {
      const key = portKey(k.port, k.direction, k.size);
      byPort.set(key, mergeMoments(byPort.get(key) ?? EMPTY_MOMENTS, m));
    }
    all = mergeMoments(all, m);
  }
  return { byReason, byPort, all };
}
