// `exitscope export <trace id> --csv FILE [--db FILE]`: writes a trace's exits as CSV
// ("-" for stdout), streamed from the trace file.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { writeExitsCsv } from '../../trace/export/export-csv';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a trace\'s exits as CSV',
  usage: 'exitscope export <trace id> --csv FILE|- [--db FILE]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db', 'csv'] });
    const traceId = Number(args.positionals[0]);
    if (!Number.isSafeInteger(traceId) || traceId <= 0) throw new ExitScopeError('ValidationError', `expected a trace id. Usage: ${this.usage}`);
    const target = args.values.get('csv');
    if (!target) throw new ExitScopeError('ValidationError', `--csv FILE is required. Usage: ${this.usage}`);
    const db = openTraceDb(args.values.get('db') ?? defaultLibraryPath(), { create: false, readonly: true });
    try {
      const out = target === '-' ? process.stdout : createWriteStream(target);
      const rows = await writeExitsCsv(db, traceId, out);
      if (target !== '-') {
        out.end();
        await finished(out);
        io.err(`wrote ${rows.toLocaleString('en-US')} exits to ${target}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
