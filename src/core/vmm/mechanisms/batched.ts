// The batched mechanism: the paravirtual build with the workload's `batch = 1` where it has one,
// so runs of port writes go as one OUT_BATCH hypercall (one exit carrying several operations,
// priced as `batched`: one entry, dispatch plus batch.op per operation). The other ops stay
// single hypercalls. Workloads without a batch parameter run exactly as under `hypercall`.
import type { MechanismModel } from './context';
import { vmcallExit } from './vmcall-exit';

export const batchedMechanism: MechanismModel = {
  build: 'pv',
  requiredParams: (spec): Record<string, number> => (spec.params.some((p) => p.name === 'batch') ? { batch: 1 } : {}),
  hooks: (ctx) => ({ vmcall: (cpu) => vmcallExit(ctx, cpu, null) }),
};
