// What the New run dialog offers, as plain data: the runnable workloads (parameters with
// defaults, ranges and the values a mechanism imposes; derived results with their formulas)
// and the CPU profiles (clock, where their figures come from, which mechanisms they can price).
import { summarizeProfile, supportedPaths } from '../cost/index';
import type { Profile } from '../cost/index';
import { MECHANISM_EXIT_PATH, MECHANISM_MODELS } from '../vmm/mechanisms/catalogue';
import { WORKLOADS } from '../workloads/index';
import { DEFAULT_LOCATION } from '../machine/platform-config';
import type { DeviceKey } from '../machine/platform-config';
import type { ParamSpec, WorkloadSpec } from '../workloads/index';
import { RUN_DEVICES, RUN_MECHANISMS } from '../../shared/runs';
import type { ProfileInfo, RunDevice, RunMechanism, WorkloadInfo, WorkloadParamInfo } from '../../shared/runs';

/** The contract's device list is the platform's (compile-time check, both ways). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SAME_DEVICES: Same<RunDevice, DeviceKey> = true;
void SAME_DEVICES;

/** Per parameter, the value each mechanism runs the guest with (trap: CPL 3, IOPL 0, ...). */
function imposed(spec: WorkloadSpec, name: string): Partial<Record<RunMechanism, number | string>> {
  const out: Partial<Record<RunMechanism, number | string>> = {};
  for (const m of RUN_MECHANISMS) {
    const v = MECHANISM_MODELS[m].requiredParams(spec)[name];
    if (v !== undefined) out[m] = v;
  }
  return out;
}

function paramInfo(spec: WorkloadSpec, p: ParamSpec): WorkloadParamInfo {
  const base = { name: p.name, description: p.description, setBy: imposed(spec, p.name) };
  switch (p.kind) {
    case 'int': return { ...base, kind: 'int', default: p.default, min: p.min, max: p.max, unit: p.unit ?? null, allowed: p.allowed ? [...p.allowed] : null };
    case 'choice': return { ...base, kind: 'choice', default: p.default, choices: [...p.choices] };
    case 'text': return { ...base, kind: 'text', default: p.default, capacity: p.capacity };
  }
}

export function workloadInfo(spec: WorkloadSpec): WorkloadInfo {
  return {
    id: spec.id, title: spec.title, description: spec.description,
    params: spec.params.map((p) => paramInfo(spec, p)),
    devices: RUN_DEVICES.map((key) => ({ key, defaultLocation: DEFAULT_LOCATION[key], usedByWorkload: key === 'pic' || spec.devices.includes(key) })),
    derived: spec.derived.map((d) => ({ name: d.name, unit: d.unit, formula: d.formula })),
  };
}

/** Every workload a run can start without a user payload. */
export function listWorkloads(): WorkloadInfo[] {
  return WORKLOADS.filter((w) => !w.userPayload).map(workloadInfo);
}

/** The run mechanisms a profile prices: those whose exit path it defines (batched and ring ride on hypercall). */
export function profileMechanisms(p: Profile): RunMechanism[] {
  const paths = supportedPaths(p.params);
  return RUN_MECHANISMS.filter((m) => paths.includes(MECHANISM_EXIT_PATH[m]));
}

export function profileInfo(p: Profile): ProfileInfo {
  const s = summarizeProfile(p);
  return {
    id: s.id, title: s.title, cpu: s.cpu, clockMhz: s.clockMhz, mechanisms: profileMechanisms(p), origin: s.origin,
    kinds: s.kinds, sources: s.sources, checks: { total: s.checks.total, passed: s.checks.passed },
  };
}
