// Request validation for every command of the contract, applied at each boundary (Electron
// IPC, the HTTP bridge, the CLI) before the service sees a payload. The mapped type makes the
// compiler insist on one validator per command, returning exactly that command's request type.
import type { CommandName, CommandReq, ImportSource } from '../../shared/contract';
import { arrayOf, bool, intInRange, invalid, literal, nonEmptyString, nullable, object, optional, positiveInt, recordOf, union } from './checks';
import { COMPARE_MAX_TRACES, STAT_KEYS } from '../../shared/compare';
import type { Check } from './checks';
import { ExitScopeError } from '../errors';
import { exitPageRequest, exitRef, timelineRequest } from './validate-explore';
import { RUN_DEVICES, RUN_MECHANISMS } from '../../shared/runs';
import type { DeviceLocationName, RunDevice, RunMechanism } from '../../shared/runs';
import { REPORT_FORMATS } from '../../shared/reports';
import type { ReportExportRequest } from '../../shared/reports';

const empty: Check<Record<string, never>> = (v, where) => {
  if (v === undefined || v === null) return {};
  object({})(v, where);
  return {};
};

const importSource: Check<ImportSource> = union<ImportSource>('kind', {
  path: object({ kind: literal('path'), path: nonEmptyString() }),
  upload: object({ kind: literal('upload'), uploadId: nonEmptyString(100) }),
  granted: object({ kind: literal('granted'), grantId: nonEmptyString(100) }),
});

/** traces/export-csv: a path (host callers) or a grant id (resolved by the desktop shell). */
const exportTarget: Check<CommandReq<'traces/export-csv'>> = (v, where) => {
  if (typeof v === 'object' && v !== null && 'grantId' in v) return object({ traceId: positiveInt, grantId: nonEmptyString(100) })(v, where);
  return object({ traceId: positiveInt, path: nonEmptyString() })(v, where);
};

const importId = nonEmptyString(100);
const runId = nonEmptyString(100);

/** One to five distinct run mechanisms. */
const mechanisms: Check<RunMechanism[]> = (v, where) => {
  const list = arrayOf(literal(...RUN_MECHANISMS), RUN_MECHANISMS.length)(v, where);
  if (list.length === 0) invalid(where, 'expected at least one mechanism');
  if (new Set(list).size !== list.length) invalid(where, 'each mechanism may appear once');
  return list;
};

const MAX_PARAMS = 64;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** Workload parameters by name: numbers or strings only (the workload's spec checks the rest). */
const runParams: Check<Record<string, number | string>> = (v, where) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(where, 'expected an object of parameter values');
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) invalid(where, `expected at most ${MAX_PARAMS} parameters, got ${entries.length}`);
  const out: Record<string, number | string> = {};
  for (const [name, value] of entries) {
    const at = `${where}.${name}`;
    if (!PARAM_NAME.test(name)) invalid(at, 'not a parameter name (letters and digits)');
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
    else if (typeof value === 'string' && value.length <= 4096) out[name] = value;
    else invalid(at, 'expected a number or a string of at most 4096 characters');
  }
  return out;
};

/** { device: 'kernel' | 'userspace' } for devices of the platform (RUN_DEVICES). */
const deviceLocations: Check<Partial<Record<RunDevice, DeviceLocationName>>> = (v, where) => {
  const out: Partial<Record<RunDevice, DeviceLocationName>> = {};
  for (const [key, location] of recordOf(literal('kernel', 'userspace'), (k, at) => {
    if (!(RUN_DEVICES as readonly string[]).includes(k)) invalid(at, `not a device (one of ${RUN_DEVICES.join(', ')})`);
  })(v, where)) out[key as RunDevice] = location;
  return out;
};

/** Exactly one of traceId and runGroup. */
const groupSelector: Check<{ traceId: number } | { runGroup: string }> = (v, where) => {
  if (typeof v === 'object' && v !== null && 'runGroup' in v) return object({ runGroup: nonEmptyString(100) })(v, where);
  return object({ traceId: positiveInt })(v, where);
};

const REPORT_SHAPE = { reportId: nonEmptyString(100), traceIds: arrayOf(positiveInt, 100), format: literal(...REPORT_FORMATS), wholeGroup: optional(bool) };

function reportRules<T extends ReportExportRequest>(req: T, where: string): T {
  const at = (k: string): string => (where ? `${where}.${k}` : k);
  if (req.traceIds.length === 0) invalid(at('traceIds'), 'expected at least one trace id');
  if (new Set(req.traceIds).size !== req.traceIds.length) invalid(at('traceIds'), 'each trace id may appear once');
  if (req.wholeGroup && req.traceIds.length !== 1) invalid(at('wholeGroup'), 'names the group of one trace: give exactly one trace id');
  if (req.format === 'perfetto' && (req.traceIds.length !== 1 || req.wholeGroup)) invalid(at('format'), 'a Perfetto trace holds one trace: give exactly one trace id');
  return req;
}

/** A report of 1..100 distinct traces in one of REPORT_FORMATS (the serve download route; the command adds a path). */
export const reportRequest: Check<ReportExportRequest> = (v, where) => reportRules(object(REPORT_SHAPE)(v, where), where);
/** Two to COMPARE_MAX_TRACES distinct trace ids. */
const traceIdList: Check<number[]> = (v, where) => {
  const ids = arrayOf(positiveInt, COMPARE_MAX_TRACES)(v, where);
  if (ids.length < 2) invalid(where, 'expected at least two trace ids');
  if (new Set(ids).size !== ids.length) invalid(where, 'each trace may appear once');
  return ids;
};

export const REQUEST_CHECKS: { [K in CommandName]: Check<CommandReq<K>> } = {
  'app/info': empty,
  'traces/list': empty,
  'traces/summary': object({ traceId: positiveInt }),
  'traces/slowest': object({ traceId: positiveInt, limit: intInRange(1, 1000) }),
  'traces/import': object({ importId, source: importSource, name: optional(nonEmptyString(200)) }),
  'traces/cancel-import': object({ importId }),
  'traces/delete': object({ traceId: positiveInt }),
  'traces/export-csv': exportTarget,
  'workloads/list': empty,
  'profiles/list': empty,
  'runs/start': object({ runId, workload: nonEmptyString(100), mechanisms, profileId: nonEmptyString(200), params: runParams, deviceLocations: optional(deviceLocations) }),
  'runs/cancel': object({ runId }),
  'runs/breakdown': object({ traceId: positiveInt }),
  'runs/savings': groupSelector,
  'reports/export': (v, where) => reportRules(object({ ...REPORT_SHAPE, path: nonEmptyString() })(v, where), where),
  'reports/cancel': object({ reportId: nonEmptyString(100) }),
  'exits/facets': object({ traceId: positiveInt }),
  'exits/page': exitPageRequest,
  'exits/detail': exitRef,
  'exits/source-lines': exitRef,
  'timeline/buckets': timelineRequest,
  'traces/compare': object({ traceIds: traceIdList }),
  'traces/stat': object({ traceId: positiveInt, event: literal('reason', 'port'), vcpu: nullable(intInRange(0, 1 << 20)), key: literal(...STAT_KEYS) }),
  'traces/rate': object({ traceId: positiveInt, vcpu: nullable(intInRange(0, 1 << 20)) }),
  'traces/rename': object({ traceId: positiveInt, name: (v, where) => {
    const name = nonEmptyString(200)(v, where).trim();
    if (name === '') invalid(where, 'expected a name that is not only spaces');
    return name;
  } }),
};


export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(REQUEST_CHECKS, name);
}

export function validateRequest<K extends CommandName>(name: K, payload: unknown): CommandReq<K> {
  const check = REQUEST_CHECKS[name] as Check<CommandReq<K>> | undefined;
  if (!check) throw new ExitScopeError('ValidationError', `unknown command ${String(name)}`);
  return check(payload, '');
}
