// Request validation treats names that exist on every object's prototype (constructor,
// __proto__, toString, ...) as the unknown fields and tags they are, for every command, and a
// null body as a ValidationError, never an internal error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../src/shared/contract';
import { validateRequest } from '../../../src/core/service/validate-request';
import { ExitScopeError } from '../../../src/core/errors';

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable'];

describe('validateRequest and prototype keys', () => {
  it('rejects a prototype key as an unknown field of any command (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...COMMAND_NAMES), fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue(), (name, key, value) => {
      // JSON.parse makes `__proto__` an own key, as a request body would.
      const payload = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value) ?? 'null'}}`) as unknown;
      expect(() => validateRequest(name, payload)).toThrow(ExitScopeError);
    }));
    expect(() => validateRequest('traces/list', JSON.parse('{"constructor": {}}'))).toThrow('constructor: unknown field');
  });

  it('rejects a prototype key as a tag of a tagged union', () => {
    expect(() => validateRequest('traces/import', { importId: 'i', source: { kind: 'constructor' } })).toThrow('source.kind: expected one of path, upload, granted');
    expect(() => validateRequest('traces/import', { importId: 'i', source: { kind: 'toString' } })).toThrow(ExitScopeError);
  });

  it('calls a null body what it is', () => {
    expect(() => validateRequest('traces/import', null)).toThrow('request: expected an object, got null');
    expect(() => validateRequest('runs/start', null)).toThrow(ExitScopeError);
  });
});
