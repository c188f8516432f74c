// An I/O instruction exit under hardware virtualization (VT-x IO_INSTRUCTION, AMD-V IOIO),
// shared by vmx.ts and svm.ts. The CPU's io hook hands over what the exit qualification /
// EXITINFO1 carries (it calls the hook only after its own privilege check, and a REP string
// with (E)CX = 0 performs nothing and does not exit); from it:
//   - non-string forms need no decode (KVM's fast PIO path), unless decodeNonStringIn and the
//     form is an IN (KVM before kvm_fast_pio_in re-decoded it with its emulator);
//   - string forms: the profile's string-I/O policy (Profile.stringIo, via ctx.stringIo) says
//     how the VMM learns the address size and segment: `decode` fetches and decodes the
//     instruction with the hypervisor's IoDecoder (its real steps are priced; KVM and Xen do
//     this), `instruction-info` reads them from the VM-exit instruction-information field /
//     EXITINFO1 (no fetch, no decode). Then, either way: the element count is (E)CX by address
//     size, the buffer is seg:(E)SI / ES:(E)DI moving down when EFLAGS.DF is set, it is
//     translated one page walk per page touched (bufferWalkLevels), and it is split at page
//     boundaries (stringSplit, KVM's emulator moves a string PIO a page at a time); a userspace
//     device model is visited once per 1024 bytes of each page chunk (KVM's read-ahead).
//   - the exit is priced and its whole cost charged before the access, so the device sees the
//     guest clock after the exit's work (a PM timer read includes this exit's cost); the CPU
//     then performs the access itself (IoAction.Execute).
// The permission component is 0 here (the CPU checked its I/O bitmap before exiting).
import { IoAction, svmIoExitInfo1, vmxIoQualification } from '../../cpu/index';
import type { Cpu, IoExitInfo } from '../../cpu/index';
import type { Isa } from '../../trace/exit-record';
import type { DecodeSteps } from '../decode-steps';
import { IO_FORMS } from '../../cpu/io-form-table';
import { machineOf } from './context';
import type { MechanismContext } from './context';
import { bufferWalkLevels, directionDown, stringBuffer, stringCount, stringSplit } from './guest-io';
import { hex } from './recorder';

export { USERSPACE_CHUNK_BYTES } from './guest-io';

const NATIVE: Record<Isa, { name: string; code: number }> = {
  vmx: { name: 'IO_INSTRUCTION', code: 30 },
  svm: { name: 'io', code: 0x7b },
};

export function hardwareIoExit(ctx: MechanismContext, cpu: Cpu, info: IoExitInfo, isa: Isa): IoAction {
  const rec = ctx.recorder;
  rec.begin();
  const form = IO_FORMS[info.form]!;
  let addrSize: 16 | 32 = info.addressSize === 2 ? 16 : 32;
  let segment = info.segment;
  let steps: DecodeSteps | null = null;
  let insnBytes: Uint8Array | null = null;
  const decode = info.string ? (ctx.stringIo ?? 'decode') === 'decode' : ctx.decodeNonStringIn && info.input;
  if (decode) {
    const d = ctx.decoder.decode(cpu, info.eip);
    if (d.kind === 'io') {
      steps = d.steps;
      insnBytes = d.bytes.slice(0, d.length);
      if (d.string) {
        addrSize = d.addressSize;
        segment = d.segment!;
      }
    }
  }
  const count = info.string ? stringCount(cpu, info.rep, addrSize) : 1;
  let bufferAddr: number | null = null;
  let walkLevels = 0;
  let trips: number | undefined;
  if (info.string) {
    bufferAddr = stringBuffer(cpu, info.input, segment, addrSize);
    walkLevels = bufferWalkLevels(cpu, bufferAddr, count * form.size, form.size, info.input);
    if (machineOf(ctx).platform.bus.ownerOf(info.port).device.location === 'userspace') {
      trips = Math.max(1, stringSplit(bufferAddr, count, form.size, directionDown(cpu)).userspaceTrips);
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
    ops: [{ formId: info.form, port: info.port, count, addrSize: info.string ? addrSize : null, segment: info.string ? segment : null, bufferAddr }],
    steps,
    bufferWalkLevels: walkLevels,
    userspaceTrips: trips,
    info1: hex(isa === 'vmx' ? vmxIoQualification(info) : svmIoExitInfo1(info)),
    info2: isa === 'svm' ? hex(info.eip + info.length) : null,
    errorCode: null,
    emulated: steps !== null,
  });
  rec.charge(total);
  return IoAction.Execute;
}
