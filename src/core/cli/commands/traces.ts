// `exitscope traces [--db FILE]` lists the traces in a trace file; `exitscope traces show N`
// prints one trace's summary (the same text `import` prints); `exitscope traces savings N` the
// savings of the run group trace N belongs to (as printed after a multi-mechanism `run`).
import { openTraceDb } from '../../trace/store/open-trace-db';
import { getTraceSummary, listTraces } from '../../trace/store/trace-queries';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs, parseIntArg } from '../args';
import { formatSavings, savingsOf } from '../format-savings';
import { groupRuns, traceRun } from '../../analysis/queries';
import { describeCompleteness, groupCompleteness } from '../../analysis/group-completeness';
import type { Db } from '../../trace/store/open-trace-db';
import type { GroupCompleteness } from '../../../shared/runs';

/** The run group of an emulated trace: its id, its traces and whether every mechanism asked for is there. */
function runGroupOf(db: Db, traceId: number): { id: string; traceIds: number[]; completeness: GroupCompleteness } | null {
  const id = traceRun(db, traceId).meta.runGroup;
  if (id === null) return null;
  const runs = groupRuns(db, id);
  return { id, traceIds: runs.map((r) => r.traceId), completeness: groupCompleteness(runs) };
}
import type { CliCommand } from '../command';
import { formatSummary } from '../format-summary';
import { num, renderTable } from '../text-table';

export const tracesCommand: CliCommand = {
  name: 'traces',
  summary: 'list the traces in a trace file, or show one trace\'s summary',
  usage: 'exitscope traces [show <id> | savings <id>] [--db FILE] [--json]',
  details: 'Without a verb: one line per trace (--json: an array of TraceInfo, src/shared/dto.ts).\n' +
    'show <id>: the trace\'s summary — exits by reason with latency percentiles, port-I/O exits by port; for an emulated run, its run group and\n' +
    '  whether every mechanism asked for is stored (--json: TraceSummary, plus runGroup {id, traceIds, completeness} for a run).\n' +
    'savings <id>: the run group of emulated trace <id> against its baseline (--json: RunSavings, src/shared/runs.ts).',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db'], booleans: ['json'] });
    const db = openTraceDb(args.values.get('db') ?? defaultLibraryPath(), { create: false, readonly: true });
    try {
      const [verb, id] = args.positionals;
      if (verb === 'savings') {
        const s = savingsOf(db, { traceId: parseIntArg('traces savings: trace id', id, 1) });
        io.out(args.booleans.has('json') ? JSON.stringify(s, null, 2) + '\n' : formatSavings(s));
        return 0;
      }
      if (verb === 'show') {
        const traceId = parseIntArg('traces show: trace id', id, 1);
        const s = getTraceSummary(db, traceId);
        const group = runGroupOf(db, traceId);
        if (args.booleans.has('json')) io.out(JSON.stringify(group ? { ...s, runGroup: group } : s, null, 2) + '\n');
        else io.out(formatSummary(s) + (group ? `\nrun group ${group.id} (traces ${group.traceIds.join(', ')}): ${describeCompleteness(group.completeness)}\n` : ''));
        return 0;
      }
      if (verb !== undefined) throw new ExitScopeError('ValidationError', `traces: unknown verb ${verb}. Usage: ${this.usage}`);
      const list = listTraces(db);
      if (args.booleans.has('json')) io.out(JSON.stringify(list, null, 2) + '\n');
      else io.out(renderTable(
        [{ header: 'id' }, { header: 'name', align: 'left' }, { header: 'kind', align: 'left' }, { header: 'format', align: 'left' },
          { header: 'exits' }, { header: 'io exits' }, { header: 'vcpus' }, { header: 'created', align: 'left' }],
        list.map((t) => [String(t.id), t.name, t.kind, t.format, num(t.exitCount), num(t.ioExitCount), String(t.vcpuCount), t.createdAt]),
      ));
      return 0;
    } finally {
      db.close();
    }
  },
};
