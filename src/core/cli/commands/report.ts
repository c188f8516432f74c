// `exitscope report <id>[,<id>...] --format html|pdf|md|json [--out FILE] [--db FILE] [--exits]`:
// one report of one trace, or of the runs of one group (with its savings table). Written to
// --out (stdout without it, or with "-"); progress on stderr; Ctrl-C cancels and removes a
// partly written file.
import { createWriteStream, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { libraryLookups, packageVersion } from '../../report/report-context';
import { writeReport } from '../../report/write-report';
import { discardFile } from '../../report/text-sink';
import type { ReportFormat } from '../../../shared/reports';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { ProgressBar } from '../progress-bar';
import { parseTraceIds } from '../trace-ids-arg';

const FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'md', 'json'];

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'write a report of a trace or a run group: self-contained HTML, PDF, Markdown or JSON',
  usage: 'exitscope report <trace id>[,<trace id>...] --format html|pdf|md|json [--out FILE] [--db FILE] [--exits] [--profiles-dir DIR]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['format', 'out', 'db', 'profiles-dir'], booleans: ['exits'] });
    const ids = parseTraceIds(args.positionals, this.usage);
    const format = args.values.get('format') as ReportFormat | undefined;
    if (!format || !FORMATS.includes(format)) throw new ExitScopeError('ValidationError', `--format must be one of ${FORMATS.join(', ')}. Usage: ${this.usage}`);
    if (args.booleans.has('exits') && format !== 'json') throw new ExitScopeError('ValidationError', '--exits goes with --format json');
    const target = args.values.get('out') ?? '-';
    const dbPath = args.values.get('db') ?? defaultLibraryPath();
    const db = openTraceDb(dbPath, { create: false, readonly: true });
    const bar = new ProgressBar(io, `report ${format}`);
    let out: Writable | null = null;
    try {
      out = target === '-' ? process.stdout : createWriteStream(target);
      const written = await writeReport(db, ids, out, {
        format, exits: args.booleans.has('exits'), version: packageVersion(), ...libraryLookups(dbPath, args.values.get('profiles-dir')),
        signal: io.signal, onProgress: (p) => bar.update(p.done, p.total, `${p.stage} · ${p.done.toLocaleString('en-US')} exits`),
      });
      bar.done();
      if (target !== '-') io.err(`wrote ${format} report of ${written.traces} trace(s), ${written.bytes.toLocaleString('en-US')} bytes, to ${target}\n`);
      return 0;
    } catch (err) {
      bar.done();
      if (out !== null && target !== '-') {
        await discardFile(out, target, (f) => rmSync(f, { force: true }));
      }
      throw err;
    } finally {
      db.close();
    }
  },
};
