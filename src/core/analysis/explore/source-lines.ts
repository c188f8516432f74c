// The raw trace text of an imported exit. The store keeps each exit's line number (the line of
// its kvm_exit) and the path it was imported from, not the text itself (10 million exits of text
// would more than double a trace file); so the lines are read back from that path when it is
// still there, streaming up to the line (gzip too), and checked: the first must be a kvm_exit.
// An upload (serve mode) is deleted after its import, and a moved or edited file is reported as such.
import { existsSync, statSync } from 'node:fs';
import type { SourceLines } from '../../../shared/explore';
import { ExitScopeError } from '../../errors';
import { readLineBatches } from '../../trace/import/line-reader';
import type { Db } from '../../trace/store/open-trace-db';

/** Lines shown: the exit's own and the ones after it (its kvm_pio, kvm_entry, ... and other threads' lines between). */
export const SOURCE_CONTEXT_LINES = 12;

export async function sourceLines(db: Db, traceId: number, seq: number): Promise<SourceLines> {
  const t = db.prepare('SELECT kind, source_path FROM traces WHERE id = ?').get(traceId) as { kind: string; source_path: string | null } | undefined;
  if (!t) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const r = db.prepare('SELECT line FROM exits WHERE trace_id = ? AND seq = ?').get(traceId, seq) as { line: number | null } | undefined;
  if (!r) throw new ExitScopeError('NotFound', `trace ${traceId} has no exit with seq ${seq}`);
  const path = t.source_path;
  if (t.kind !== 'imported' || r.line === null) return { path, lines: [], note: 'this exit was not imported from trace text: it has no source line' };
  const none = (why: string): SourceLines => ({ path, lines: [], note: `line ${r.line} of the source: ${why}; the trace file stores the line number, not the text` });
  if (path === null || !existsSync(path) || !statSync(path).isFile()) return none(`${path ?? 'the source file'} is no longer there (uploads are removed after their import)`);
  const first = r.line;
  const last = first + SOURCE_CONTEXT_LINES - 1;
  const lines: { line: number; text: string }[] = [];
  let n = 0;
  try {
    for await (const batch of readLineBatches(path)) {
      if (n + batch.lines.length >= first) {
        for (let i = 0; i < batch.lines.length; i++) {
          const no = n + i + 1;
          if (no >= first && no <= last) lines.push({ line: no, text: batch.lines[i]! });
        }
      }
      n += batch.lines.length;
      if (n >= last) break;
    }
  } catch (err) {
    return none(`${path} cannot be read (${(err as Error).message})`);
  }
  if (lines.length === 0) return none(`${path} has only ${n} lines now`);
  const ok = /\bkvm_exit\b/.test(lines[0]!.text);
  return {
    path, lines,
    note: ok ? `read from ${path}: line ${first} (the kvm_exit) and the ${lines.length - 1} after it`
      : `read from ${path}, but line ${first} is not a kvm_exit: the file may have changed since the import`,
  };
}
