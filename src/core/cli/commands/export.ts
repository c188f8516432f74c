// `exitscope export <trace id> --csv FILE [--db FILE] [--json]`: writes a trace's exits as CSV
// ("-" for stdout), streamed from the trace file. The file is opened before anything is read (a
// missing directory is one clear line) and removed again when the export fails. `--perfetto FILE`
// and `--parquet DIR` write Chrome Trace Event JSON and a Parquet dataset instead (export-more.ts).
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { writeExitsCsv } from '../../trace/export/export-csv';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs, parseIntArg } from '../args';
import type { CliCommand } from '../command';
import { parseTraceIds } from '../trace-ids-arg';
import { exportParquet, exportPerfetto } from './export-more';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export a trace\'s exits as CSV, Chrome Trace Event JSON (Perfetto) or a Parquet dataset',
  usage: 'exitscope export <trace id> --csv FILE|- [--json] | --perfetto FILE | <id>[,<id>...] --parquet DIR  [--db FILE]',
  details: 'Writes one CSV row per exit, in sequence order (columns: docs in README, "The command line").\n' +
    '--json (with --csv FILE): prints {"traceId": N, "path": "/abs/file.csv", "rows": N} on stdout instead of the line on stderr.',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db', 'csv', 'perfetto', 'parquet'], booleans: ['json'] });
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
    if (args.positionals.length !== 1) throw new ExitScopeError('ValidationError', `expected one trace id. Usage: ${this.usage}`);
    const traceId = parseIntArg('trace id', args.positionals[0], 1);
    const target = args.values.get('csv');
    if (!target) throw new ExitScopeError('ValidationError', `--csv FILE is required. Usage: ${this.usage}`);
    const json = args.booleans.has('json');
    if (json && target === '-') throw new ExitScopeError('ValidationError', '--json describes a file export: it does not go with --csv - (the CSV itself is on stdout)');
    if (target !== '-') {
      const dir = dirname(resolve(target));
      if (!existsSync(dir)) throw new ExitScopeError('ValidationError', `--csv ${target}: the directory ${dir} does not exist`);
      if (existsSync(target) && statSync(target).isDirectory()) throw new ExitScopeError('ValidationError', `--csv ${target}: is a directory`);
    }
    const db = openTraceDb(args.values.get('db') ?? defaultLibraryPath(), { create: false, readonly: true });
    try {
      if (target === '-') {
        await writeExitsCsv(db, traceId, process.stdout);
        return 0;
      }
      // The trace is there before the output file is made (an unknown id leaves no empty file).
      if (!db.prepare('SELECT 1 FROM traces WHERE id = ?').get(traceId)) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
      const out = createWriteStream(target);
      await new Promise<void>((ok, fail) => out.once('open', () => ok()).once('error', fail));
      let rows: number;
      try {
        rows = await writeExitsCsv(db, traceId, out);
        out.end();
        await finished(out);
      } catch (err) {
        out.destroy();
        rmSync(target, { force: true });
        throw err;
      }
      if (json) io.out(JSON.stringify({ traceId, path: resolve(target), rows }) + '\n');
      else io.err(`wrote ${rows.toLocaleString('en-US')} exits to ${target}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
