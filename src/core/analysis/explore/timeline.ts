// The timeline of one trace over a time window: the individual exits when the window holds at
// most TIMELINE_MAX_EXITS of them, otherwise the precomputed buckets (summary_timeline, per lane of
// timeline_lanes) of the finest level whose buckets are at least one column of the requested
// resolution wide (the coarsest level when none is), so at most `columns` buckets per lane. Exits in the window are counted from level-0 buckets.
import type { TimelineBuckets, TimelineData, TimelineExit, TimelineLane, TimelineRequest } from '../../../shared/explore';
import { ExitScopeError } from '../../errors';
import { ensureExploreIndex } from '../../trace/store/explore-index';
import type { Db } from '../../trace/store/open-trace-db';
import { windowSeqRange } from './seq-range';

export const TIMELINE_MAX_EXITS = 8_000;

export function timeline(db: Db, req: TimelineRequest): TimelineData {
  const { traceId, fromNs, toNs, columns } = req;
  if (db.prepare('SELECT 1 FROM traces WHERE id = ?').get(traceId) === undefined) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  if (!(toNs > fromNs)) throw new ExitScopeError('ValidationError', `toNs (${toNs}) must be after fromNs (${fromNs})`);
  const meta = ensureExploreIndex(db, traceId);
  const vcpus = (db.prepare('SELECT DISTINCT vcpu FROM exit_kinds WHERE trace_id = ? ORDER BY vcpu').all(traceId) as { vcpu: number }[]).map((r) => r.vcpu);
  const lanes = db.prepare('SELECT lane, vcpu, reason, form_id AS formId FROM timeline_lanes WHERE trace_id = ? ORDER BY lane').all(traceId) as TimelineLane[];
  const noBuckets = (): TimelineBuckets => ({ bucket: [], lane: [], exits: [], latencyMax: [] });
  const b0 = Math.max(0, Math.floor((fromNs - meta.originNs) / meta.widthNs));
  const b1 = Math.min(meta.buckets - 1, Math.floor((toNs - meta.originNs) / meta.widthNs));
  const base = { traceId, fromNs, toNs, originNs: meta.originNs, vcpus, lanes };
  if (b1 < b0) return { ...base, mode: 'buckets', bucketNs: meta.widthNs, level: 0, buckets: noBuckets(), exits: [], windowExits: 0 };
  const windowExits = (db.prepare('SELECT COALESCE(SUM(exits), 0) AS n FROM summary_timeline WHERE trace_id = ? AND level = 0 AND bucket BETWEEN ? AND ?')
    .get(traceId, b0, b1) as { n: number }).n;
  if (windowExits <= TIMELINE_MAX_EXITS) {
    const range = windowSeqRange(db, traceId, meta, fromNs, toNs);
    const exits: TimelineExit[] = range === null ? [] : (db.prepare(`
      SELECT r.seq AS seq, r.time_ns AS timeNs, k.vcpu AS vcpu, k.reason AS reason, COALESCE(k.form_id, -1) AS formId,
             COALESCE(r.latency_ns, k.latency_ns) AS latencyNs
      FROM exit_rows r CROSS JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind
      WHERE r.trace_id = ? AND r.seq BETWEEN ? AND ? AND r.time_ns BETWEEN ? AND ? ORDER BY r.seq`)
      .all(traceId, range.lo, range.hi, fromNs, toNs) as TimelineExit[]);
    return { ...base, mode: 'exits', bucketNs: meta.widthNs, level: 0, buckets: noBuckets(), exits, windowExits };
  }
  const perColumn = (toNs - fromNs) / Math.max(1, columns);
  // The finest level with buckets at least a column wide: at most `columns` buckets across the window.
  let level = 0;
  while (level + 1 < meta.levels && meta.widthNs * meta.levelFactor ** level < perColumn) level++;
  const f = meta.levelFactor ** level;
  const rows = db.prepare(`
    SELECT bucket, lane, exits, latency_max FROM summary_timeline
    WHERE trace_id = ? AND level = ? AND bucket BETWEEN ? AND ? ORDER BY bucket`).raw(true)
    .all(traceId, level, Math.floor(b0 / f), Math.floor(b1 / f)) as [number, number, number, number | null][];
  const buckets = noBuckets();
  for (const [bucket, lane, exits, latencyMax] of rows) {
    buckets.bucket.push(bucket);
    buckets.lane.push(lane);
    buckets.exits.push(exits);
    buckets.latencyMax.push(latencyMax);
  }
  return { ...base, mode: 'buckets', bucketNs: meta.widthNs * f, level, buckets, exits: [], windowExits };
}
