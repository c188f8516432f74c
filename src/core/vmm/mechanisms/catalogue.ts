// The mechanism models by name: every mechanism of the cost model's vocabulary has one
// (ring since the paravirtual builds have a shared-ring mode, `ring = 1`).
// RunnableMechanism / RUNNABLE_MECHANISMS are what the app's contract offers today
// (src/shared/runs.ts RUN_MECHANISMS, which predates ring); runMechanism and the CLI run every
// mechanism in MECHANISM_MODELS. When the contract lists ring, these become `Mechanism` and
// MECHANISMS (and the service's profileMechanisms must map ring to its doorbell path,
// MECHANISM_EXIT_PATH).
import type { ExitPath, Mechanism } from '../../cost/index';
import { batchedMechanism } from './batched';
import type { MechanismModel } from './context';
import { hypercallMechanism } from './hypercall';
import { ringMechanism } from './ring';
import { svmMechanism } from './svm';
import { trapMechanism } from './trap';
import { vmxMechanism } from './vmx';

export type RunnableMechanism = Exclude<Mechanism, 'ring'>;

export const MECHANISM_MODELS: Readonly<Record<Mechanism, MechanismModel>> = {
  trap: trapMechanism,
  vmx: vmxMechanism,
  svm: svmMechanism,
  hypercall: hypercallMechanism,
  batched: batchedMechanism,
  ring: ringMechanism,
};

/** The exit path a profile must define to price each mechanism's runs. */
export const MECHANISM_EXIT_PATH: Readonly<Record<Mechanism, ExitPath>> = {
  trap: 'trap', vmx: 'vmx', svm: 'svm', hypercall: 'hypercall', batched: 'hypercall', ring: 'hypercall',
};

export const RUNNABLE_MECHANISMS: readonly RunnableMechanism[] = ['trap', 'vmx', 'svm', 'hypercall', 'batched'];
