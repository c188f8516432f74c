// The mechanism models by name. `ring` is part of the cost model's vocabulary but no shipped
// workload has a shared-ring build, so it has no model (run-mechanism.ts rejects it).
import type { Mechanism } from '../../cost/index';
import { batchedMechanism } from './batched';
import type { MechanismModel } from './context';
import { hypercallMechanism } from './hypercall';
import { svmMechanism } from './svm';
import { trapMechanism } from './trap';
import { vmxMechanism } from './vmx';

export type RunnableMechanism = Exclude<Mechanism, 'ring'>;

export const MECHANISM_MODELS: Readonly<Record<RunnableMechanism, MechanismModel>> = {
  trap: trapMechanism,
  vmx: vmxMechanism,
  svm: svmMechanism,
  hypercall: hypercallMechanism,
  batched: batchedMechanism,
};

export const RUNNABLE_MECHANISMS: readonly RunnableMechanism[] = ['trap', 'vmx', 'svm', 'hypercall', 'batched'];
