// The paravirtual mechanism (DESIGN.md "Exit mechanisms"): the paravirtual build, whose I/O ops
// are each one VMCALL; every VMCALL is one exit (vmcall-exit.ts). No fault, no fetch, no decode.
import type { MechanismModel } from './context';
import { vmcallExit } from './vmcall-exit';

export const hypercallMechanism: MechanismModel = {
  build: 'pv',
  requiredParams: () => ({}),
  hooks: (ctx) => ({ vmcall: (cpu) => vmcallExit(ctx, cpu, null) }),
};
