// `1`, `1,2,3` or several positionals: the trace ids of a report or an export, each a positive
// integer, each once.
import { ExitScopeError } from '../errors';

export function parseTraceIds(positionals: readonly string[], usage: string): number[] {
  const parts = positionals.flatMap((p) => p.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new ExitScopeError('ValidationError', `expected a trace id. Usage: ${usage}`);
  const ids = parts.map((s) => {
    const id = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(id) || id <= 0) throw new ExitScopeError('ValidationError', `not a trace id: "${s}". Usage: ${usage}`);
    return id;
  });
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) throw new ExitScopeError('ValidationError', `trace ${dup} is named twice`);
  return ids;
}
