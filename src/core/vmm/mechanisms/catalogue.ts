// The mechanism models by name: every mechanism of the cost model's vocabulary has one
// (ring since the paravirtual builds have a shared-ring mode, `ring = 1`), and the exit path a
// profile must define to price it (batched and ring ride on the hypercall path).
import { exitPathOf, MECHANISMS } from '../../cost/index';
import type { ExitPath, Mechanism } from '../../cost/index';
import { batchedMechanism } from './batched';
import type { MechanismModel } from './context';
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
