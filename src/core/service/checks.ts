// Small composable runtime checks for data crossing a boundary (IPC payloads, HTTP bodies,
// profile and import files). A Check returns the value typed, or throws a ValidationError whose
// message names the path of the offending field ("traceId: expected a positive integer").
import { ExitScopeError } from '../errors';

export type Check<T> = (value: unknown, where: string) => T;

function fail(where: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new ExitScopeError('ValidationError', `${where || 'request'}: expected ${expected}, got ${got}`);
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
      if (!(key in shape)) throw new ExitScopeError('ValidationError', `${where ? where + '.' : ''}${key}: unknown field`);
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
    const check = typeof t === 'string' ? members[t] : undefined;
    if (!check) throw new ExitScopeError('ValidationError', `${where ? where + '.' : ''}${tag}: expected one of ${Object.keys(members).join(', ')}`);
    return check(v, where);
  };
}
