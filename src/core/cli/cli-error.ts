// How the CLI reports a failure: one line on stderr and an exit code, a stack trace only for a
// real bug (or with --debug).
//   2    the request cannot be done as given: a bad option or value, an unknown id, a missing or
//        unusable input file (every ExitScopeError but Cancelled)
//   1    it was tried and failed in the environment: a port in use, a directory that is not
//        there, no permission, a full disk (Node system errors, named by path and cause), or a bug
//   130  cancelled (Ctrl-C)
import { ExitScopeError } from '../errors';

/** What a Node system error code means, in words (the ones a user meets). */
const SYSTEM_CAUSES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this host',
  EMFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
};

export interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  address?: string;
  port?: number;
}

export function isSystemError(err: unknown): err is SystemError {
  if (!(err instanceof Error)) return false;
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof syscall === 'string';
}

/** One line for a system error: what (path or address), the cause in words and the code. */
export function describeSystemError(err: SystemError): string {
  const cause = SYSTEM_CAUSES[err.code] ?? err.message.replace(/^E[A-Z]+: /, '').replace(/, \w+ .*$/, '');
  const what = err.path ?? (err.address !== undefined ? `${err.address}${err.port !== undefined ? ` port ${err.port}` : ''}` : err.syscall);
  return `${what}: ${cause} (${err.code})`;
}

export interface Reported {
  line: string;
  code: number;
}

/** The message and exit code for anything a command threw. */
export function reportError(command: string, err: unknown, debug: boolean): Reported {
  const stack = debug && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  const prefix = command ? `exitscope ${command}` : 'exitscope';
  if (err instanceof ExitScopeError) return { line: `${prefix}: ${err.message}${stack}\n`, code: err.kind === 'Cancelled' ? 130 : 2 };
  if (isSystemError(err)) return { line: `${prefix}: ${describeSystemError(err)}${stack}\n`, code: 1 };
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { line: `${prefix}: internal error (a bug in ExitScope; please report it): ${detail}\n`, code: 1 };
}
