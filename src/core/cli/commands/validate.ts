// `exitscope validate [--tolerance F] [--json]`: leave-one-out over every profile with three or
// more independent published figures (src/core/cost/leave-one-out.ts). Prints, per held-out
// figure, the full-fit value, the prediction from the other figures, the published figure and
// the error; a figure the others cannot determine says so. Exits 1 when a prediction is off by
// more than the tolerance (default ±15%), or when no profile has a predictable figure.
import { loadProfiles } from '../../cost/index';
import { leaveOneOut, VALIDATE_TOLERANCE } from '../../cost/leave-one-out';
import type { LooReport } from '../../cost/leave-one-out';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { renderTable } from '../text-table';

const cyc = (v: number | null): string => (v === null ? '-' : Math.round(v).toLocaleString('en-US'));

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'leave-one-out predictions of each profile\'s published figures (fails beyond a tolerance)',
  usage: 'exitscope validate [--tolerance FRACTION] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'], values: ['tolerance'] });
    const t = args.values.get('tolerance');
    const tolerance = t === undefined ? VALIDATE_TOLERANCE : Number(t);
    if (!Number.isFinite(tolerance) || tolerance < 0) throw new ExitScopeError('ValidationError', `--tolerance: expected a fraction ≥ 0 (0.15 = ±15%), got "${t}"`);
    const reports = loadProfiles().profiles.map((p) => leaveOneOut(p, tolerance)).filter((r): r is LooReport => r !== null);
    const rows = reports.flatMap((r) => r.rows);
    const predicted = rows.filter((r) => r.prediction !== null);
    const failed = predicted.filter((r) => r.pass === false);
    if (args.booleans.has('json')) io.out(JSON.stringify({ tolerance, reports }, null, 2) + '\n');
    else {
      for (const r of reports) {
        io.out(`\n${r.profileId}: ${r.figures.length} independent figures; refitted: ${r.unknowns.join(', ')}` +
          (r.ties.length ? `; kept by assumption (a tie, not refitted): ${r.ties.join(', ')}` : '') + '\n');
        io.out(renderTable(
          [{ header: 'held out', align: 'left' }, { header: 'full fit' }, { header: 'prediction' }, { header: 'published' }, { header: 'error' }, { header: 'ok', align: 'left' }],
          r.rows.map((x) => [x.heldOut, cyc(x.fitted), cyc(x.prediction), cyc(x.published),
            x.error === null ? '-' : `${(100 * x.error).toFixed(2)}%`, x.pass === null ? x.note : x.pass ? 'yes' : 'NO']),
        ));
      }
      io.out(`\ntolerance ±${(100 * tolerance).toFixed(1)}%: ${predicted.length - failed.length} predictions hold, ${failed.length} fail; ${rows.length - predicted.length} figures not predictable from the others\n`);
    }
    return failed.length === 0 && predicted.length > 0 ? 0 : 1;
  },
};
