// A small argument parser for the subcommands: `--flag value`, `--flag=value`, boolean
// `--flag`, and positionals. Unknown flags are errors that name the flag, so typos never pass
// silently.
import { ExitScopeError } from '../errors';

export interface ArgSpec {
  /** Flags that take a value. */
  values?: readonly string[];
  /** Flags that are booleans. */
  booleans?: readonly string[];
  /** Flags that take a value and may be given several times (`--param a=1 --param b=2`). */
  lists?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  booleans: Set<string>;
  lists: Map<string, string[]>;
}

export function parseArgs(args: string[], spec: ArgSpec): ParsedArgs {
  const values = new Map<string, string>();
  const booleans = new Set<string>();
  const lists = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (spec.booleans?.includes(name)) {
      if (eq > 0) throw new ExitScopeError('ValidationError', `--${name} takes no value`);
      booleans.add(name);
    } else if (spec.values?.includes(name) || spec.lists?.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new ExitScopeError('ValidationError', `--${name} needs a value`);
      if (spec.lists?.includes(name)) lists.set(name, [...(lists.get(name) ?? []), v]);
      else values.set(name, v);
    } else {
      throw new ExitScopeError('ValidationError', `unknown option --${name}`);
    }
  }
  return { positionals, values, booleans, lists };
}

/**
 * A whole number as the docs write it: decimal digits only (no sign, exponent, hex or blanks),
 * within [min, max]. `what` names the option or argument in the error.
 */
export function parseIntArg(what: string, text: string | undefined, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  const n = text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ExitScopeError('ValidationError', `${what}: expected a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max} in decimal digits, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  }
  return n;
}
