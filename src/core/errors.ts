// Errors the user should read. Every failure that crosses a boundary (IPC, HTTP, CLI) is
// turned into { name, message }; an ExitScopeError's message is written for the user and names
// what failed and where (file, line, field). Anything else is reported as an internal error.
export type ErrorKind =
  | 'ImportError' // the input file is not a usable trace
  | 'TraceFileError' // the SQLite trace file is missing, corrupt, or not ours
  | 'ValidationError' // a request crossing a boundary is malformed
  | 'NotFound'
  | 'Cancelled'
  | 'Busy'; // the trace file is being written by someone else for longer than we wait: retry

export class ExitScopeError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = kind;
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof ExitScopeError && err.kind === 'Cancelled';
}

/** The wire shape of any thrown value: user errors keep their kind; others are "InternalError". */
export function toWireError(err: unknown): { name: string; message: string } {
  if (err instanceof ExitScopeError) return { name: err.kind, message: err.message };
  if (err instanceof Error) return { name: 'InternalError', message: err.message };
  return { name: 'InternalError', message: String(err) };
}
