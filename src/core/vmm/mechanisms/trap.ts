// The trap mechanism (software VMM, deprivileged guest): the native build with the driver at
// CPL 3, IOPL 0 and an I/O bitmap denying every port, so every port access raises #GP. The
// exception hook, per #GP:
//   1. fetches and decodes the instruction with the hypervisor's IoDecoder (through the guest
//      page tables, steps counted);
//   2. a decode fault is reflected into the guest: #PF with CR2, #GP(0) or #UD as the decoder
//      says; a #GP that is not an I/O instruction ('not-io') is the guest's own and goes to the
//      guest IDT unchanged. Either way the VMM's work (entry, dispatch, fetch, decode, resume) is
//      recorded as an EXCEPTION_NMI exit and charged;
//   3. otherwise records and prices the I/O exit (#GP delivery, dispatch, fetch, decode,
//      permission check, device, IRET), charges everything before the emulate component, performs
//      the access (emulateIoInstruction, EIP advanced), then charges emulate and resume. A fault
//      of the access itself (e.g. #PF on an INS buffer) is reflected too.
// entry.trap prices the #GP's delivery into the VMM (and resume.trap the IRET back). The CPU
// charged its own fault-delivery clocks (cycleTable.exception) before calling the hook; for a
// #GP the VMM handles itself the guest never sees that delivery, so they are given back and the
// exit is counted once. Reflected exceptions keep them: the guest IDT does deliver those.
// Invariant: while reflecting, the hook declines (the reflected exception reaches the guest).
import { CpuFault, emulateIoInstruction, raiseException } from '../../cpu/index';
import type { Cpu } from '../../cpu/index';
import type { IoDecodeFault } from '../io-decoder';
import type { MechanismContext, MechanismModel } from './context';
import { bufferWalkLevels, stringBuffer, stringCount } from './guest-io';
import { hex } from './recorder';
import { vmcallExit } from './vmcall-exit';

const GP = 13;
const EDX = 2;

function trapHooks(ctx: MechanismContext): { exception: (cpu: Cpu, vector: number, errorCode: number) => boolean } {
  let reflecting = false;
  const reflect = (cpu: Cpu, vector: number, errorCode: number, cr2: number | null, why: string): void => {
    ctx.reflected.set(why, (ctx.reflected.get(why) ?? 0) + 1);
    if (cr2 !== null) cpu.cr2 = cr2;
    reflecting = true;
    try {
      raiseException(cpu, vector, errorCode);
    } finally {
      reflecting = false;
    }
  };
  const faultExit = (cpu: Cpu, d: IoDecodeFault, errorCode: number): void => {
    const rec = ctx.recorder;
    const total = rec.record({
      mechanism: 'trap', reason: 'EXCEPTION_NMI', reasonNative: '#GP', isa: null, reasonCode: null,
      rip: cpu.eip, insnBytes: d.bytes.slice(0, d.bytesRead), ops: [], steps: d.steps, bufferWalkLevels: 0,
      info1: hex(errorCode), info2: null, errorCode, emulated: false,
    });
    rec.charge(total);
  };
  const exception = (cpu: Cpu, vector: number, errorCode: number): boolean => {
    if (vector !== GP || reflecting) return false;
    const rec = ctx.recorder;
    rec.begin();
    const d = ctx.decoder.decode(cpu);
    if (d.kind === 'fault') {
      faultExit(cpu, d, errorCode);
      if (d.reason === 'not-io') {
        ctx.reflected.set('not-io', (ctx.reflected.get('not-io') ?? 0) + 1);
        return false;
      }
      reflect(cpu, d.vector, d.errorCode, d.cr2, d.reason);
      return true;
    }
    const count = d.string ? stringCount(cpu, d.rep, d.addressSize) : 1;
    const input = d.direction === 'in';
    const bufferAddr = d.string ? stringBuffer(cpu, input, d.segment!, d.addressSize) : null;
    const total = rec.record({
      mechanism: 'trap', reason: 'IO_INSTRUCTION', reasonNative: '#GP', isa: null, reasonCode: null,
      rip: d.eip, insnBytes: d.bytes.slice(0, d.length),
      ops: [{
        formId: d.formId, port: d.port === 'dx' ? cpu.r32[EDX]! & 0xffff : d.port, count,
        addrSize: d.string ? d.addressSize : null, segment: d.segment, bufferAddr,
      }],
      steps: d.steps,
      bufferWalkLevels: bufferAddr === null ? 0 : bufferWalkLevels(cpu, bufferAddr, count * d.size, d.size, input),
      info1: hex(errorCode), info2: null, errorCode, emulated: true,
    });
    const after = rec.component('emulate') + rec.component('resume');
    rec.charge(total - after - cpu.cycleTable.exception);
    try {
      emulateIoInstruction(cpu);
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      rec.charge(after);
      reflect(cpu, e.vector, e.errorCode, null, 'access-fault');
      return true;
    }
    rec.charge(after);
    return true;
  };
  return { exception };
}

export const trapMechanism: MechanismModel = {
  build: 'native',
  requiredParams: () => ({ cpl: 3, iopl: 0, ioBitmap: 'deny' }),
  hooks: (ctx) => ({
    ...trapHooks(ctx),
    vmcall: (cpu) => vmcallExit(ctx, cpu, null),
  }),
};
