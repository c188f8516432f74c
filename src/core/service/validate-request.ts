// Request validation for every command of the contract, applied at each boundary (Electron
// IPC, the HTTP bridge, the CLI) before the service sees a payload. The mapped type makes the
// compiler insist on one validator per command, returning exactly that command's request type.
import type { CommandName, CommandReq, ImportSource } from '../../shared/contract';
import { intInRange, literal, nonEmptyString, object, optional, positiveInt, union } from './checks';
import type { Check } from './checks';
import { ExitScopeError } from '../errors';

const empty: Check<Record<string, never>> = (v, where) => {
  if (v === undefined || v === null) return {};
  object({})(v, where);
  return {};
};

const importSource: Check<ImportSource> = union<ImportSource>('kind', {
  path: object({ kind: literal('path'), path: nonEmptyString() }),
  upload: object({ kind: literal('upload'), uploadId: nonEmptyString(100) }),
});

const importId = nonEmptyString(100);

export const REQUEST_CHECKS: { [K in CommandName]: Check<CommandReq<K>> } = {
  'app/info': empty,
  'traces/list': empty,
  'traces/summary': object({ traceId: positiveInt }),
  'traces/slowest': object({ traceId: positiveInt, limit: intInRange(1, 1000) }),
  'traces/import': object({ importId, source: importSource, name: optional(nonEmptyString(200)) }),
  'traces/cancel-import': object({ importId }),
  'traces/delete': object({ traceId: positiveInt }),
  'traces/export-csv': object({ traceId: positiveInt, path: nonEmptyString() }),
};

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(REQUEST_CHECKS, name);
}

export function validateRequest<K extends CommandName>(name: K, payload: unknown): CommandReq<K> {
  const check = REQUEST_CHECKS[name] as Check<CommandReq<K>> | undefined;
  if (!check) throw new ExitScopeError('ValidationError', `unknown command ${String(name)}`);
  return check(payload, '');
}
