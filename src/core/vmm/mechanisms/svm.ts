// AMD-V: as vmx.ts with an IOIO #VMEXIT, EXITINFO1 (svmIoExitInfo1) and EXITINFO2 = next RIP;
// VMMCALL is a hypercall exit.
import type { MechanismModel } from './context';
import { hardwareIoExit } from './hardware-exit';
import { vmcallExit } from './vmcall-exit';

export const svmMechanism: MechanismModel = {
  build: 'native',
  requiredParams: () => ({}),
  hooks: (ctx) => ({
    io: (cpu, info) => hardwareIoExit(ctx, cpu, info, 'svm'),
    vmcall: (cpu) => vmcallExit(ctx, cpu, 'svm'),
  }),
};
