// An I/O instruction exit under hardware virtualization (VT-x IO_INSTRUCTION, AMD-V IOIO),
// shared by vmx.ts and svm.ts. The CPU's io hook hands over what the exit qualification /
// EXITINFO1 carries; from it:
//   - non-string forms need no decode (KVM's fast PIO path), unless decodeNonStringIn and the
//     form is an IN (KVM before kvm_fast_pio_in re-decoded it with its emulator);
//   - string forms are fetched and decoded by the hypervisor's IoDecoder (its real steps are
//     priced), their buffer is translated (bufferWalkLevels), and a userspace device model is
//     visited once per 1024 bytes moved (KVM's read-ahead for string PIO);
//   - the exit is priced and its whole cost charged before the access, so the device sees the
//     guest clock after the exit's work (a PM timer read includes this exit's cost); the CPU
//     then performs the access itself (IoAction.Execute).
// The permission component is 0 here (the CPU checked its I/O bitmap before exiting).
import { IoAction, svmIoExitInfo1, vmxIoQualification } from '../../cpu/index';
import type { Cpu, IoExitInfo } from '../../cpu/index';
import type { Isa } from '../../trace/exit-record';
import type { DecodeSteps } from '../decode-steps';
import { IO_FORMS } from '../io-forms';
import { machineOf } from './context';
import type { MechanismContext } from './context';
import { bufferWalkLevels, stringBuffer, stringCount } from './guest-io';
import { hex } from './recorder';

/** KVM copies string PIO data to/from userspace in chunks of this many bytes (one trip each). */
export const USERSPACE_CHUNK_BYTES = 1024;

const NATIVE: Record<Isa, { name: string; code: number }> = {
  vmx: { name: 'IO_INSTRUCTION', code: 30 },
  svm: { name: 'io', code: 0x7b },
};

export function hardwareIoExit(ctx: MechanismContext, cpu: Cpu, info: IoExitInfo, isa: Isa): IoAction {
  const rec = ctx.recorder;
  rec.begin();
  const form = IO_FORMS[info.form]!;
  const addrSize = info.addressSize === 2 ? 16 : 32;
  const count = info.string ? stringCount(cpu, info.rep, addrSize) : 1;
  let steps: DecodeSteps | null = null;
  let insnBytes: Uint8Array | null = null;
  if (info.string || (ctx.decodeNonStringIn && info.input)) {
    const d = ctx.decoder.decode(cpu, info.eip);
    if (d.kind === 'io') {
      steps = d.steps;
      insnBytes = d.bytes.slice(0, d.length);
    }
  }
  let bufferAddr: number | null = null;
  let walkLevels = 0;
  let trips: number | undefined;
  if (info.string) {
    bufferAddr = stringBuffer(cpu, info.input, info.segment, addrSize);
    walkLevels = bufferWalkLevels(cpu, bufferAddr, count * form.size, form.size, info.input);
    if (machineOf(ctx).platform.bus.ownerOf(info.port).device.location === 'userspace') {
      trips = Math.max(1, Math.ceil((count * form.size) / USERSPACE_CHUNK_BYTES));
    }
  }
  const native = NATIVE[isa];
  const total = rec.record({
    mechanism: isa,
    reason: 'IO_INSTRUCTION',
    reasonNative: native.name,
    isa,
    reasonCode: native.code,
    rip: info.eip,
    insnBytes,
    ops: [{ formId: info.form, port: info.port, count, addrSize: info.string ? addrSize : null, segment: info.string ? info.segment : null, bufferAddr }],
    steps,
    bufferWalkLevels: walkLevels,
    ...(trips === undefined ? {} : { userspaceTrips: trips }),
    info1: hex(isa === 'vmx' ? vmxIoQualification(info) : svmIoExitInfo1(info)),
    info2: isa === 'svm' ? hex(info.eip + info.length) : null,
    errorCode: null,
    emulated: steps !== null,
  });
  rec.charge(total);
  return IoAction.Execute;
}
