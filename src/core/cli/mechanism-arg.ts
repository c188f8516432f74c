// Parses a `--mechanism trap,vmx,...` value for the commands that take one, naming the bad entry
// (an unknown mechanism, or one named twice).
import { MECHANISMS } from '../cost/types';
import type { Mechanism } from '../cost/types';
import { ExitScopeError } from '../errors';

export function parseMechanisms(value: string | undefined, usage: string): Mechanism[] {
  const list = (value ?? '').split(',').map((m) => m.trim()).filter(Boolean);
  if (list.length === 0) throw new ExitScopeError('ValidationError', `--mechanism is required. Usage: ${usage}`);
  for (const [i, m] of list.entries()) {
    if (list.indexOf(m) !== i) throw new ExitScopeError('ValidationError', `--mechanism: "${m}" is named twice (each mechanism runs once)`);
    if (!(MECHANISMS as readonly string[]).includes(m)) throw new ExitScopeError('ValidationError', `--mechanism: unknown mechanism "${m}" (known: ${MECHANISMS.join(', ')})`);
  }
  return list as Mechanism[];
}
