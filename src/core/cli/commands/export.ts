// `exitscope export <trace id> --csv FILE [--db FILE]`: writes a trace's exits as CSV
// ("-" for stdout), streamed from the trace file. `--perfetto FILE` and `--parquet DIR` write
// Chrome Trace Event JSON and a Parquet dataset instead (export-more.ts).
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { writeExitsCsv } from '../../trace/export/export-csv';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { parseTraceIds } from '../trace-ids-arg';
import { exportParquet, exportPerfetto } from './export-more';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a trace\'s exits as CSV, Chrome Trace Event JSON (Perfetto) or a Parquet dataset',
  usage: 'exitscope export <trace id> --csv FILE|- | --perfetto FILE | <id>[,<id>...] --parquet DIR  [--db FILE]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db', 'csv', 'perfetto', 'parquet'] });
    const perfetto = args.values.get('perfetto');
    const parquet = args.values.get('parquet');
    if (perfetto !== undefined || parquet !== undefined) {
      if ([args.values.get('csv'), perfetto, parquet].filter((v) => v !== undefined).length > 1) throw new ExitScopeError('ValidationError', `give one of --csv, --perfetto, --parquet. Usage: ${this.usage}`);
      const ids = parseTraceIds(args.positionals, this.usage);
      const db = openTraceDb(args.values.get('db') ?? defaultLibraryPath(), { create: false, readonly: true });
      try {
        if (perfetto !== undefined) await exportPerfetto(db, ids, perfetto, io);
        else await exportParquet(db, ids, parquet!, io);
        return 0;
      } finally {
        db.close();
      }
    }
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
