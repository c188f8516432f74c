// The mechanism models by name: every mechanism of the cost model's vocabulary has one
// (ring since the paravirtual builds have a shared-ring mode, `ring = 1`), and the exit path a
// profile must define to price it (batched and ring ride on the hypercall path).
import { exitPathOf, MECHANISMS } from '../../cost/index';
import type { ExitPath, Mechanism } from '../../cost/index';
import { batchedMechanism } from './batched';
import type { MechanismModel } from './context';
import type { WorkloadSpec } from '../../workloads/index';
import { hypercallMechanism } from './hypercall';
import { ringMechanism } from './ring';
import { svmMechanism } from './svm';
import { trapMechanism } from './trap';
import { vmxMechanism } from './vmx';

export const MECHANISM_MODELS: Readonly<Record<Mechanism, MechanismModel>> = {
  trap: trapMechanism,
  vmx: vmxMechanism,
  svm: svmMechanism,
  hypercall: hypercallMechanism,
  batched: batchedMechanism,
  ring: ringMechanism,
};

/** The exit path a profile must define to price each mechanism's runs: the cost model's own
 * rule (exitPathOf; a ring run's doorbell is the default one, its HC_RING_KICK VMCALL). */
export const MECHANISM_EXIT_PATH: Readonly<Record<Mechanism, ExitPath>> = Object.fromEntries(
  MECHANISMS.map((m) => [m, exitPathOf({ mechanism: m, ops: [], location: 'kernel' })]),
) as Record<Mechanism, ExitPath>;

/** The first guest setting in `given` that contradicts one `mechanism` runs `spec` with (trap:
 * cpl = 3, ...), or null. A run refuses it rather than silently overriding the caller. */
export function paramConflict(mechanism: Mechanism, spec: WorkloadSpec, given: Readonly<Record<string, number | string>>):
  { name: string; required: number | string; given: number | string } | null {
  for (const [name, required] of Object.entries(MECHANISM_MODELS[mechanism].requiredParams(spec))) {
    const value = given[name];
    if (value !== undefined && value !== required) return { name, required, given: value };
  }
  return null;
}
