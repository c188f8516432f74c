// The JSON report: the report model (report-types.ts) as it is, under its schema name and
// version (docs/report-schema.md). With `exits`, every trace object also gets an "exits" array,
// streamed from the store in sequence order, one object per exit with the columns of the
// `exits_priced` view (as the CSV export names them; what an exit shares with its kind written once
// per kind): numbers as numbers, is_string / is_rep /
// emulated as booleans, insn_bytes as a hex string, unknown fields null. Only one exit is in
// memory at a time, so a ten-million-exit trace streams through.
import { EXIT_COLUMNS, ROW_ONLY, ROW_OVERRIDES } from '../trace/exit-columns';
import type { Db } from '../trace/store/open-trace-db';
import { cancelledError } from './latency-moments';
import type { Report } from './report-types';
import type { TextSink } from './text-sink';

export interface JsonExitsOptions {
  db: Db;
  signal?: AbortSignal;
  onRows?: (rows: number) => void;
}

type Cell = string | number | bigint | Uint8Array | null;

const COLS = EXIT_COLUMNS.map((c) => ({ name: c.sql, bool: c.kind === 'bool', bytes: c.kind === 'bytes' }));

function cell(v: Cell, bool: boolean): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString('hex'));
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return bool ? (v !== 0 ? 'true' : 'false') : Number.isFinite(v) ? String(v) : 'null';
  return JSON.stringify(v);
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Columns every exit of a kind shares (written once per kind as a JSON fragment) and those an exit may have its own of. */
const OWN = new Set([...ROW_ONLY, ...ROW_OVERRIDES]);
const SHARED = COLS.filter((c) => !OWN.has(c.name));
const OWN_COLS = COLS.filter((c) => OWN.has(c.name));

async function writeExits(sink: TextSink, traceId: number, o: JsonExitsOptions, before: number): Promise<number> {
  const fragments = new Map<number, string>();
  const kinds = o.db.prepare(`SELECT kind, ${SHARED.map((c) => c.name).join(', ')} FROM exit_kinds WHERE trace_id = ?`).raw(true);
  for (const [kind, ...values] of kinds.iterate(traceId) as IterableIterator<[number, ...Cell[]]>) {
    fragments.set(kind, SHARED.map((c, i) => JSON.stringify(c.name) + ':' + cell(values[i]!, c.bool)).join(','));
  }
  const own = OWN_COLS.map((c) => (ROW_ONLY.includes(c.name) ? `r.${c.name}` : `COALESCE(r.${c.name}, k.${c.name})`));
  const stmt = o.db.prepare(`SELECT r.kind, ${own.join(', ')} FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind
    WHERE r.trace_id = ? ORDER BY r.seq`).raw(true);
  const keys = OWN_COLS.map((c) => JSON.stringify(c.name) + ':');
  let n = 0;
  for (const [kind, ...row] of stmt.iterate(traceId) as IterableIterator<[number, ...Cell[]]>) {
    let s = n === 0 ? '\n{' : ',\n{';
    for (let i = 0; i < row.length; i++) s += keys[i]! + cell(row[i]!, OWN_COLS[i]!.bool) + ',';
    await sink.write(s + fragments.get(kind)! + '}');
    if (++n % 65536 === 0) {
      o.onRows?.(before + n);
      await tick();
      if (o.signal?.aborted) throw cancelledError('the report');
    }
  }
  o.onRows?.(before + n);
  return n;
}

/** Writes the report as JSON; with `exits`, each trace carries its exits (streamed). */
export async function writeReportJson(report: Report, sink: TextSink, exits: JsonExitsOptions | null = null): Promise<void> {
  if (exits === null) {
    await sink.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const { traces, ...rest } = report;
  const head = JSON.stringify(rest, null, 2);
  await sink.write(head.slice(0, head.lastIndexOf('}')).trimEnd() + ',\n  "traces": [');
  let rows = 0;
  for (const [i, t] of traces.entries()) {
    const body = JSON.stringify(t);
    await sink.write((i ? ',\n' : '\n') + body.slice(0, -1) + ',"exits":[');
    rows += await writeExits(sink, t.facts.id, exits, rows);
    await sink.write('\n]}');
  }
  await sink.write('\n  ]\n}\n');
}
