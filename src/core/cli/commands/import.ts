// `exitscope import <trace.txt>... [--db FILE] [--name NAME] [--json]`: imports KVM trace text
// files (tracefs trace/trace_pipe, trace-cmd report, perf script; .gz accepted) into a trace
// file and prints each trace's summary. Ctrl-C cancels and leaves the trace file as it was.
import { importKvmTextFile } from '../../trace/import/import-kvm-file';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { getTraceSummary } from '../../trace/store/trace-queries';
import { defaultLibraryPath, ensureParentDir } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { formatSummary } from '../format-summary';
import { ProgressBar } from '../progress-bar';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import KVM trace text (tracefs, trace-cmd report, perf script) into a trace file',
  usage: 'exitscope import <trace.txt>... [--db FILE] [--name NAME] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db', 'name'], booleans: ['json'] });
    if (args.positionals.length === 0) throw new ExitScopeError('ValidationError', `no trace file given. Usage: ${this.usage}`);
    const dbPath = args.values.get('db') ?? defaultLibraryPath();
    ensureParentDir(dbPath);
    const summaries = [];
    for (const file of args.positionals) {
      const bar = new ProgressBar(io, `importing ${file}`);
      const outcome = await importKvmTextFile(dbPath, file, {
        name: args.values.get('name'),
        signal: io.signal,
        onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, `${p.lines.toLocaleString('en-US')} lines, ${p.exits.toLocaleString('en-US')} exits`),
      });
      bar.done();
      const db = openTraceDb(dbPath, { create: false, readonly: true });
      try {
        const summary = getTraceSummary(db, outcome.traceId);
        summaries.push(summary);
        if (!args.booleans.has('json')) {
          io.out(formatSummary(summary));
          const rate = outcome.stats.lines / Math.max(outcome.seconds, 1e-9);
          io.out(`\nimported ${outcome.stats.lines.toLocaleString('en-US')} lines in ${outcome.seconds.toFixed(2)} s ` +
            `(${Math.round(rate).toLocaleString('en-US')} lines/s) into ${dbPath}\n`);
        }
      } finally {
        db.close();
      }
    }
    if (args.booleans.has('json')) io.out(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
    return 0;
  },
};
