// The errors a user can cause by pointing an import at the wrong thing, each naming the file
// and saying what to do: a missing, unreadable, empty or non-regular file (checkImportFile,
// before anything is opened); a damaged gzip stream, a binary recording or other non-text data
// found while reading (describeReadError); a text file in which no exit was recognised
// (noExitsError: what was found instead, and whether its lines look broken by a mailer).
import { accessSync, constants, statSync } from 'node:fs';
import { ExitScopeError } from '../../errors';
import type { KvmImportStats } from '../kvm/kvm-text-importer';
import { describeSqliteError } from '../store/write-lock';

/** The events that make exits (kvm-text-importer.ts). */
export const EXIT_EVENTS = ['kvm_exit', 'kvm_pio', 'kvm_mmio', 'kvm_hypercall', 'kvm_msr', 'kvm_cpuid'] as const;

/** Checks the file can be imported and returns its size. */
export function checkImportFile(path: string, label: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExitScopeError('ImportError', `${label} does not exist`);
    throw new ExitScopeError('ImportError', `cannot read ${label}: ${code ?? (err as Error).message}`);
  }
  if (st.isDirectory()) throw new ExitScopeError('ImportError', `${label} is a directory, not a trace file: give the trace text file(s) in it`);
  if (!st.isFile()) throw new ExitScopeError('ImportError', `${label} is not a regular file`);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new ExitScopeError('ImportError', `cannot read ${label}: permission denied`);
  }
  if (st.size === 0) throw new ExitScopeError('ImportError', `${label} is empty`);
  return st.size;
}

/** An ExitScopeError for a failure while reading the file, or the error itself when it is a bug. */
export function describeReadError(err: unknown, label: string, path = label, dbPath = ''): unknown {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (code.startsWith('ES_')) return new ExitScopeError('ImportError', message.split(path).join(label));
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/.test(message)) {
    return new ExitScopeError('ImportError', `${label} is a truncated gzip file (it ends in the middle of its compressed data)`);
  }
  if (code.startsWith('Z_')) return new ExitScopeError('ImportError', `${label} is not a valid gzip file: ${message}`);
  if (code.startsWith('SQLITE_')) return describeSqliteError(err, dbPath) ?? err;
  if (/^E[A-Z]+$/.test(code)) return new ExitScopeError('ImportError', `cannot read ${label}: ${message.split(path).join(label)}`);
  return err;
}

/** Whether the bad lines look like the tails of lines a mailer broke. */
export function looksMailWrapped(stats: KvmImportStats): boolean {
  return stats.wrappedLines >= 3 && stats.wrappedLines * 5 >= stats.skippedLines;
}

export function noExitsError(label: string, stats: KvmImportStats, rejoined: boolean): ExitScopeError {
  const found = stats.events.slice(0, 8).map((e) => `${e.event} (${e.count.toLocaleString('en-US')})`);
  const what = found.length === 0
    ? 'no trace event lines at all'
    : `only other events: ${found.join(', ')}${stats.events.length > 8 ? ', ...' : ''}`;
  const shown = stats.issues.slice(0, 3).map((i) => `line ${i.line}: ${i.message}`).join('; ');
  let msg = `no KVM exits in ${label}: ${stats.lines.toLocaleString('en-US')} lines read, ${what}. ` +
    `An exit is made by any of ${EXIT_EVENTS.join(', ')} as printed by tracefs (trace, trace_pipe), \`trace-cmd report\` or \`perf script\``;
  if (!rejoined && looksMailWrapped(stats)) {
    msg += `. Its lines look broken by a mailer (${stats.wrappedLines} bad lines follow a line of 60-79 characters): ` +
      'import it again with --rejoin to join them back';
  }
  if (shown) msg += `. First problems: ${shown}`;
  return new ExitScopeError('ImportError', msg);
}
