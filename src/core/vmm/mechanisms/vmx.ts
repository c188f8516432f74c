// Intel VT-x: the native build at its default CPL; every I/O instruction is a VM exit with
// reason IO_INSTRUCTION and an exit qualification (hardware-exit.ts); VMCALL is a hypercall exit.
import type { MechanismModel } from './context';
import { hardwareIoExit } from './hardware-exit';
import { vmcallExit } from './vmcall-exit';

export const vmxMechanism: MechanismModel = {
  build: 'native',
  requiredParams: () => ({}),
  hooks: (ctx) => ({
    io: (cpu, info) => hardwareIoExit(ctx, cpu, info, 'vmx'),
    vmcall: (cpu) => vmcallExit(ctx, cpu, 'vmx'),
  }),
};
