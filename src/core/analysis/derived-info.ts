// A derived (re-priced) trace's run facts: its meta names the mechanism and profile it was priced
// under (repriceTrace), not a workload; the workload is its source's when the source is an
// emulated run, else the source trace itself ("trace 7 (kvm.txt)"). With these the run views
// (breakdown by form × component, sources) work for derived traces as for emulated runs.
import type { RunInfo } from '../../shared/runs';
import type { Db } from '../trace/store/open-trace-db';
import { parseRunMeta } from './run-meta';

export function repricedRunInfo(db: Db, traceId: number): RunInfo | null {
  const row = db.prepare('SELECT kind, meta_json, derived_from FROM traces WHERE id = ?').get(traceId) as
    { kind: string; meta_json: string; derived_from: number | null } | undefined;
  if (!row || row.kind !== 'derived') return null;
  const meta = parseRunMeta(row.meta_json);
  if (meta.mechanism === null || meta.profileId === null) return null;
  const source = row.derived_from === null ? undefined
    : db.prepare('SELECT name, meta_json FROM traces WHERE id = ?').get(row.derived_from) as { name: string; meta_json: string } | undefined;
  const workload = source ? parseRunMeta(source.meta_json).workload ?? `trace ${row.derived_from} (${source.name})` : 'source trace deleted';
  return { workload, mechanism: meta.mechanism, profileId: meta.profileId, runGroup: null };
}
