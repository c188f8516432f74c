// Plain-JSON views of a profile for the CLI (`exitscope profiles --json`) and later the service
// and UI: a one-line summary (where it comes from, how many parameters of each kind, how its
// checks come out) and the full detail (every parameter with its source, every check result).
import { runChecks } from './profile-checks-run';
import type { CheckBasis, CheckResult } from './profile-checks-run';
import { supportedPaths } from './profile-schema';
import { FIXED_PARAMS } from './types';
import type { Era, ExitPath, Parameter, ParamKind, Profile, Source } from './types';

export interface ProfileSummary {
  id: string;
  title: string;
  cpu: string;
  clockMhz: number | null;
  paths: ExitPath[];
  origin: string;
  inherits: string[];
  kinds: Record<ParamKind, number>;
  /** Distinct sources of the profile's own fitted parameters: where its figures come from. */
  sources: string[];
  checks: { total: number; passed: number } & Record<CheckBasis, number>;
  /** Parameters that are another CPU's or source's figures, and whose. */
  borrowed: { id: string; from: string }[];
  /** The hypervisor era the hardware-exit figures come from (null: not stated). */
  era: Era | null;
}

export interface CheckResultJson {
  id: string;
  what: string;
  published: number;
  computed: number;
  unit: string;
  expect: string;
  tolerance: number;
  deviation: number;
  pass: boolean;
  basis: CheckBasis;
  fittedParams: string[];
  derivation: string;
  source: Source;
}

export interface ProfileDetail extends ProfileSummary {
  description: string;
  clock: Profile['cpu']['clock'];
  guestCycleTable: string;
  parameters: Parameter[];
  checkResults: CheckResultJson[];
}

/** Display order: the FIXED_PARAMS order, device extras right after emulate.element. */
function paramRank(id: string): number {
  const i = (FIXED_PARAMS as readonly string[]).indexOf(id);
  return i >= 0 ? i * 2 : FIXED_PARAMS.indexOf('emulate.element') * 2 + 1;
}

export function sourceText(s: Source): string {
  return s.url ?? s.citation ?? '';
}

export function summarizeProfile(p: Profile, results: CheckResult[] = runChecks(p)): ProfileSummary {
  const kinds: Record<ParamKind, number> = { measured: 0, manual: 0, derived: 0, assumed: 0 };
  for (const param of p.params.values()) kinds[param.kind]++;
  const own = [...p.params.values()].filter((x) => x.role === 'fit');
  const checks = { total: results.length, passed: results.filter((r) => r.pass).length, fit: 0, consistency: 0, prediction: 0 };
  for (const r of results) checks[r.basis]++;
  return {
    id: p.id, title: p.title, cpu: p.cpu.model, clockMhz: p.cpu.clock.mhz, paths: supportedPaths(p.params),
    origin: p.origin, inherits: p.inherits, kinds, sources: [...new Set(own.map((x) => sourceText(x.source)))], checks,
    borrowed: [...p.params.values()].filter((x) => x.borrowedFrom !== undefined).map((x) => ({ id: x.id, from: x.borrowedFrom! })), era: p.era,
  };
}

export function checkResultJson(r: CheckResult): CheckResultJson {
  return {
    id: r.check.id, what: r.check.what, published: r.published, computed: r.computed, unit: r.unit, expect: r.check.expect,
    tolerance: r.check.tolerance, deviation: r.deviation, pass: r.pass, basis: r.basis, fittedParams: r.fittedParams,
    derivation: r.derivation, source: r.check.source,
  };
}

export function profileDetail(p: Profile): ProfileDetail {
  const results = runChecks(p);
  return {
    ...summarizeProfile(p, results), description: p.description, clock: p.cpu.clock, guestCycleTable: p.guestCycleTable,
    parameters: [...p.params.values()].sort((a, b) => paramRank(a.id) - paramRank(b.id)), checkResults: results.map(checkResultJson),
  };
}
