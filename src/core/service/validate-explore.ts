// Request checks of the explore commands (exit table, exit detail, timeline), kept beside
// validate-request.ts, which lists them in REQUEST_CHECKS. Every field is bounded: lists of at most
// MAX_VALUES values, strings of at most 200 characters, integers safe, times finite (an emulated run's guest-clock times have fractions of a ns).
import type { ExitFilter, ExitPageRequest, TimelineRequest } from '../../shared/explore';
import { EXIT_SORT_KEYS } from '../../shared/explore';
import { arrayOf, intInRange, invalid, literal, nonEmptyString, object, optional, positiveInt } from './checks';
import type { Check } from './checks';

export const MAX_VALUES = 1000;
export const MAX_PAGE = 1000;

const finite: Check<number> = (v, where) => (typeof v === 'number' && Number.isFinite(v) ? v : invalid(where, 'expected a finite number'));
const nonNegInt: Check<number> = (v, where) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : invalid(where, 'expected an integer ≥ 0'));
const strings = arrayOf(nonEmptyString(200), MAX_VALUES);

const portRange: Check<{ lo: number; hi: number }> = (v, where) => {
  const r = object({ lo: intInRange(0, 0xffffffff), hi: intInRange(0, 0xffffffff) })(v, where);
  if (r.hi < r.lo) invalid(where, `hi (${r.hi}) is below lo (${r.lo})`);
  return r;
};

const measure: Check<{ min?: number; max?: number }> = (v, where) => {
  const r = object({ min: optional(finite), max: optional(finite) })(v, where);
  if (r.min !== undefined && r.max !== undefined && r.max < r.min) invalid(where, `max (${r.max}) is below min (${r.min})`);
  return r;
};

export const exitFilter: Check<ExitFilter> = (v, where) => {
  const f = object({
    reasons: optional(strings),
    forms: optional(arrayOf(intInRange(-1, 23), 25)),
    ports: optional(portRange),
    devices: optional(strings),
    locations: optional(strings),
    vcpus: optional(arrayOf(nonNegInt, MAX_VALUES)),
    mechanisms: optional(strings),
    measure: optional(measure),
    fromNs: optional(finite),
    toNs: optional(finite),
    text: optional((t, at) => (typeof t === 'string' && t.length <= 200 ? t : invalid(at, 'expected a string of at most 200 characters'))),
  })(v, where);
  if (f.fromNs !== undefined && f.toNs !== undefined && f.toNs < f.fromNs) invalid(where ? `${where}.toNs` : 'toNs', `is before fromNs`);
  return f;
};

export const exitPageRequest: Check<ExitPageRequest> = object({
  traceId: positiveInt,
  filter: exitFilter,
  sort: object({ key: literal(...EXIT_SORT_KEYS), dir: literal('asc', 'desc') }),
  offset: intInRange(0, Number.MAX_SAFE_INTEGER),
  limit: intInRange(1, MAX_PAGE),
});

export const exitRef: Check<{ traceId: number; seq: number }> = object({ traceId: positiveInt, seq: nonNegInt });

export const timelineRequest: Check<TimelineRequest> = (v, where) => {
  const r = object({ traceId: positiveInt, fromNs: finite, toNs: finite, columns: intInRange(1, 20_000) })(v, where);
  if (r.toNs <= r.fromNs) invalid(where ? `${where}.toNs` : 'toNs', 'must be after fromNs');
  return r;
};
