// Checks for JSON data that src/core/service/checks.ts does not have yet (numbers that are not
// integers, booleans, arrays, string-keyed maps, nullable values). Same contract: a Check
// returns the value typed or throws ValidationError naming the field path. Generic on purpose,
// so they can move into checks.ts when another module needs them.
import { ExitScopeError } from '../errors';
import type { Check } from '../service/checks';

export function invalid(where: string, message: string): never {
  throw new ExitScopeError('ValidationError', where ? `${where}: ${message}` : message);
}

/** A file's top level must be a JSON object (the generic object check would call it "request"). */
export function requireTopLevelObject(v: unknown, what: string): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid('', `expected a JSON object (a ${what}) at the top level, got ${got(v)}`);
}

function got(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

export const nonNegativeNumber: Check<number> = (v, where) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : invalid(where, `expected a number ≥ 0, got ${got(v)}${typeof v === 'number' ? ` ${v}` : ''}`);

export const bool: Check<boolean> = (v, where) => (typeof v === 'boolean' ? v : invalid(where, `expected true or false, got ${got(v)}`));

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, where) => (v === null ? null : check(v, where));
}

export function arrayOf<T>(check: Check<T>, maxLength = 10_000): Check<T[]> {
  return (v, where) => {
    if (!Array.isArray(v)) invalid(where, `expected an array, got ${got(v)}`);
    if (v.length > maxLength) invalid(where, `expected at most ${maxLength} entries, got ${v.length}`);
    return v.map((item, i) => check(item, `${where}[${i}]`));
  };
}

/** A JSON object used as a map: every key is checked by `key`, every value by `value`. */
export function recordOf<T>(value: Check<T>, key: (k: string, where: string) => void): Check<Map<string, T>> {
  return (v, where) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(where, `expected an object, got ${got(v)}`);
    const out = new Map<string, T>();
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      const at = where ? `${where}.${k}` : k;
      key(k, at);
      out.set(k, value(item, at));
    }
    return out;
  };
}

/** A number or one of the given strings (e.g. a form id or its mnemonic). */
export function numberOrString(): Check<number | string> {
  return (v, where) => (typeof v === 'number' || typeof v === 'string' ? v : invalid(where, `expected a number or a string, got ${got(v)}`));
}
