// Walks a JSON value into (path, type) pairs for schema checks: object keys as `.key`, array
// items as `[]`, the keys of objects documented as maps (`mapPaths`) as `.{*}`. Types are the
// JSON ones, with integer told apart from number: a path seen with several types reports each.
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

export function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as 'string' | 'boolean' | 'object';
}

export function jsonPaths(value: unknown, mapPaths: ReadonlySet<string>, path = '', out = new Map<string, Set<JsonType>>()): Map<string, Set<JsonType>> {
  const t = jsonType(value);
  if (path !== '') {
    let set = out.get(path);
    if (!set) out.set(path, (set = new Set()));
    set.add(t);
  }
  if (t === 'array') for (const item of value as unknown[]) jsonPaths(item, mapPaths, `${path}[]`, out);
  else if (t === 'object') {
    const isMap = mapPaths.has(path);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) jsonPaths(v, mapPaths, isMap ? `${path}.{*}` : path === '' ? k : `${path}.${k}`, out);
  }
  return out;
}
