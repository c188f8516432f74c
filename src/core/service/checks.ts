// Small composable runtime checks for data crossing a boundary (IPC payloads, HTTP bodies,
// profile and import files). A Check returns the value typed, or throws a ValidationError whose
// message names the path of the offending field ("traceId: expected a positive integer").
// The first group checks requests; the second (numbers, booleans, arrays, maps, nullable)
// checks JSON data files such as cost profiles.
import { ExitScopeError } from '../errors';

export type Check<T> = (value: unknown, where: string) => T;

function got(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function fail(where: string, expected: string, value: unknown): never {
  throw new ExitScopeError('ValidationError', `${where || 'request'}: expected ${expected}, got ${got(value)}`);
}

/** Throws a ValidationError for the field at `where` (or the whole value when `where` is empty). */
export function invalid(where: string, message: string): never {
  throw new ExitScopeError('ValidationError', where ? `${where}: ${message}` : message);
}

export const positiveInt: Check<number> = (v, where) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : fail(where, 'a positive integer', v);

export function intInRange(min: number, max: number): Check<number> {
  return (v, where) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max ? v : fail(where, `an integer in ${min}..${max}`, v);
}

export function nonEmptyString(maxLength = 4096): Check<string> {
  return (v, where) =>
    typeof v === 'string' && v.length > 0 && v.length <= maxLength ? v : fail(where, `a non-empty string of at most ${maxLength} characters`, v);
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, where) => (v === undefined ? undefined : check(v, where));
}

export function literal<const L extends string>(...values: L[]): Check<L> {
  return (v, where) => (typeof v === 'string' && (values as string[]).includes(v) ? (v as L) : fail(where, `one of ${values.join(', ')}`, v));
}

type Shape = Record<string, Check<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** An object with exactly these keys (unknown keys are rejected, so typos surface). */
export function object<S extends Shape>(shape: S): Check<FromShape<S>> {
  return (v, where) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'an object', v);
    const input = v as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      // Own keys only: `constructor`, `__proto__` or `toString` are unknown fields like any other.
      if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new ExitScopeError('ValidationError', `${where ? where + '.' : ''}${key}: unknown field`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const value = check(input[key], where ? `${where}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as FromShape<S>;
  };
}

/** A tagged union: picks the member check by the value of `tag`. */
export function union<T>(tag: string, members: Record<string, Check<T>>): Check<T> {
  return (v, where) => {
    if (typeof v !== 'object' || v === null) fail(where, 'an object', v);
    const t = (v as Record<string, unknown>)[tag];
    const check = typeof t === 'string' && Object.prototype.hasOwnProperty.call(members, t) ? members[t] : undefined;
    if (!check) throw new ExitScopeError('ValidationError', `${where ? where + '.' : ''}${tag}: expected one of ${Object.keys(members).join(', ')}`);
    return check(v, where);
  };
}

// --- JSON data files ---

/** A file's top level must be a JSON object (the generic object check would call it "request"). */
export function requireTopLevelObject(v: unknown, what: string): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid('', `expected a JSON object (a ${what}) at the top level, got ${got(v)}`);
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
