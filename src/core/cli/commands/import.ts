// `exitscope import <trace.txt>... [--db FILE] [--name NAME]... [--rejoin] [--json]`: imports KVM
// trace text files (tracefs trace/trace_pipe, trace-cmd report, perf script; gzip accepted) into
// a trace file one by one, printing each trace's summary or the reason it was refused, then a
// summary of all files when there were several. A refused file does not stop the others; the
// exit code is 2 when any file was refused. Ctrl-C cancels the file being imported and stops.
// --name: one name per file (repeat it), or one pattern with {file} (the file's base name) or
// {n} (its position, from 1) for all of them.
import { basename } from 'node:path';
import { importKvmTextFile } from '../../trace/import/import-kvm-file';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { getTraceSummary } from '../../trace/store/trace-queries';
import { defaultLibraryPath, ensureParentDir } from '../../library-path';
import { ExitScopeError, isCancelled } from '../../errors';
import type { TraceSummary } from '../../../shared/dto';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { formatSummary } from '../format-summary';
import { ProgressBar } from '../progress-bar';

/** The name of the i-th of `files` from the --name values (undefined: the file's base name). */
export function importNameOf(names: readonly string[], files: readonly string[], i: number): string | undefined {
  if (names.length === 0) return undefined;
  if (names.length === files.length) return names[i];
  const pattern = names[0]!;
  if (names.length === 1 && (files.length === 1 || /\{file\}|\{n\}/.test(pattern))) {
    return pattern.replaceAll('{file}', basename(files[i]!)).replaceAll('{n}', String(i + 1));
  }
  throw new ExitScopeError('ValidationError',
    `${names.length} --name values for ${files.length} files: give one per file, or one pattern with {file} or {n}`);
}

interface FileResult {
  file: string;
  ok: boolean;
  traceId?: number;
  exits?: number;
  error?: string;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import KVM trace text (tracefs, trace-cmd report, perf script) into a trace file',
  usage: 'exitscope import <trace.txt>... [--db FILE] [--name NAME|PATTERN]... [--rejoin] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db'], lists: ['name'], booleans: ['json', 'rejoin'] });
    const files = args.positionals;
    if (files.length === 0) throw new ExitScopeError('ValidationError', `no trace file given. Usage: ${this.usage}`);
    const names = args.lists.get('name') ?? [];
    files.forEach((_f, i) => importNameOf(names, files, i));
    const dbPath = args.values.get('db') ?? defaultLibraryPath();
    ensureParentDir(dbPath);
    const json = args.booleans.has('json');
    const summaries: TraceSummary[] = [];
    const results: FileResult[] = [];
    for (const [i, file] of files.entries()) {
      const bar = new ProgressBar(io, `importing ${file}`);
      try {
        const outcome = await importKvmTextFile(dbPath, file, {
          name: importNameOf(names, files, i),
          rejoin: args.booleans.has('rejoin'),
          signal: io.signal,
          onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, `${p.lines.toLocaleString('en-US')} lines, ${p.exits.toLocaleString('en-US')} exits`),
        });
        bar.done();
        const db = openTraceDb(dbPath, { create: false, readonly: true });
        try {
          const summary = getTraceSummary(db, outcome.traceId);
          summaries.push(summary);
          results.push({ file, ok: true, traceId: outcome.traceId, exits: outcome.stats.exits });
          if (!json) {
            io.out(formatSummary(summary));
            const rate = outcome.stats.lines / Math.max(outcome.seconds, 1e-9);
            io.out(`\nimported ${outcome.stats.lines.toLocaleString('en-US')} lines in ${outcome.seconds.toFixed(2)} s ` +
              `(${Math.round(rate).toLocaleString('en-US')} lines/s) into ${dbPath}\n`);
          }
        } finally {
          db.close();
        }
      } catch (err) {
        bar.done();
        // One file's bad input does not stop the others; a cancel or a bug does.
        if (!(err instanceof ExitScopeError) || isCancelled(err) || files.length === 1) throw err;
        results.push({ file, ok: false, error: err.message });
        if (!json) io.err(`exitscope import: ${err.message}\n`);
      }
    }
    const failed = results.filter((r) => !r.ok);
    if (json) {
      io.out(JSON.stringify(files.length === 1 ? summaries[0] : { results, summaries }, null, 2) + '\n');
    } else if (files.length > 1) {
      io.out(`\n${results.length - failed.length} of ${results.length} files imported into ${dbPath}\n`);
      for (const r of results) io.out(r.ok ? `  ok       ${r.file}: trace ${r.traceId}, ${r.exits!.toLocaleString('en-US')} exits\n` : `  refused  ${r.file}: ${r.error}\n`);
    }
    return failed.length > 0 ? 2 : 0;
  },
};
