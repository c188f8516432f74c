// Renaming a stored trace (the trace list's Rename): only the name changes; the trace's exits,
// summaries and meta stay as they are.
import { ExitScopeError } from '../../errors';
import type { Db } from './open-trace-db';

export function renameTrace(db: Db, traceId: number, name: string): boolean {
  const trimmed = name.trim();
  if (trimmed === '') throw new ExitScopeError('ValidationError', 'a trace name cannot be empty');
  return db.prepare('UPDATE traces SET name = ? WHERE id = ?').run(trimmed, traceId).changes > 0;
}
