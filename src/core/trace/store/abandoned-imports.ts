// Traces being imported: their row exists (exits are written in short transactions) but is
// marked importing in meta_json with the importing process's id, and listings hide it until
// the import marks it complete. If that process died, the trace is abandoned: the next import
// deletes it, so a killed import leaves nothing behind for long.
import type { Db } from './open-trace-db';

/** meta_json of a trace while it is being imported by this process. */
export const IMPORTING_META = (): { importing: { pid: number } } => ({ importing: { pid: process.pid } });

/** SQL condition: the trace row `t` is not being imported (listings show only these). */
export const NOT_IMPORTING_SQL = "json_extract(meta_json, '$.importing') IS NULL";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Delete the traces whose importing process is gone; call inside a write transaction. */
export function deleteAbandonedImports(db: Db): number {
  const rows = db.prepare("SELECT id, json_extract(meta_json, '$.importing.pid') AS pid FROM traces WHERE json_extract(meta_json, '$.importing') IS NOT NULL").all() as { id: number; pid: number | null }[];
  let n = 0;
  for (const r of rows) {
    if (typeof r.pid === 'number' && r.pid !== process.pid && alive(r.pid)) continue;
    if (r.pid === process.pid) continue;
    db.prepare('DELETE FROM traces WHERE id = ?').run(r.id);
    n++;
  }
  return n;
}
