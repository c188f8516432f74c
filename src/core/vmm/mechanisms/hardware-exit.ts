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
//     boundaries. How many elements this exit moves and how many userspace trips it takes is the
//     profile era's string-PIO model (ctx.stringPio): `kvm-emulator` (../kvm-string-pio.ts: OUTS
//     one element and one KVM_EXIT_IO per exit to a userspace device, INS one read-ahead chunk per
//     exit, in-kernel devices 1024 iterations per exit) moves that many elements itself and returns
//     Retry, so the guest re-executes the instruction: a new exit, decode and record per chunk, as
//     under KVM; `page-chunks` (the model before eras) moves them all in one exit, a userspace
//     device visited once per 1024 bytes of each page chunk (stringSplit).
//   - the exit is priced and its whole cost charged before the access, so the device sees the
//     guest clock after the exit's work (a PM timer read includes this exit's cost); the CPU
//     then performs the access itself (IoAction.Execute).
// The permission component is 0 here (the CPU checked its I/O bitmap before exiting).
import { emulateIoInstruction, IoAction, svmIoExitInfo1, vmxIoQualification } from '../../cpu/index';
import type { Cpu, IoExitInfo } from '../../cpu/index';
import type { Isa } from '../../trace/exit-record';
import type { DecodeSteps } from '../decode-steps';
import { IO_FORMS } from '../../cpu/io-form-table';
import { machineOf } from './context';
import type { MechanismContext } from './context';
import { bufferWalkLevels, directionDown, stringBuffer, stringCount, stringSplit } from './guest-io';
import { hex } from './recorder';
import { kvmStringExit } from '../kvm-string-pio';

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
  let elements = count;
  let bufferAddr: number | null = null;
  let walkLevels = 0;
  let trips: number | undefined;
  if (info.string) {
    bufferAddr = stringBuffer(cpu, info.input, segment, addrSize);
    const userspace = machineOf(ctx).platform.bus.ownerOf(info.port).device.location === 'userspace';
    const down = directionDown(cpu);
    if ((ctx.stringPio ?? 'kvm-emulator') === 'kvm-emulator') {
      const exit = kvmStringExit(info.input, count, form.size, bufferAddr, down, userspace);
      elements = exit.elements;
      if (userspace) trips = exit.userspaceTrips;
    } else if (userspace) {
      trips = Math.max(1, stringSplit(bufferAddr, count, form.size, down).userspaceTrips);
    }
    walkLevels = bufferWalkLevels(cpu, bufferAddr, elements * form.size, form.size, info.input);
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
    ops: [{ formId: info.form, port: info.port, count: elements, addrSize: info.string ? addrSize : null, segment: info.string ? segment : null, bufferAddr }],
    steps,
    bufferWalkLevels: walkLevels,
    userspaceTrips: trips,
    info1: hex(isa === 'vmx' ? vmxIoQualification(info) : svmIoExitInfo1(info)),
    info2: isa === 'svm' ? hex(info.eip + info.length) : null,
    errorCode: null,
    emulated: steps !== null,
  });
  rec.charge(total);
  if (elements >= count) return IoAction.Execute;
  moveElements(cpu, info.eip, elements, count, addrSize);
  return IoAction.Retry;
}

const ECX = 1;

/**
 * Performs the first `elements` of a REP string instruction at `eip` with `count` left, as KVM's
 * emulator does before it returns to the guest with RIP still on the instruction: the count
 * register ((E)CX by address size) is set to `elements`, the instruction emulated (registers,
 * memory and the device updated, no privilege check or hook), then the count set to what is
 * left. The caller returns IoAction.Retry so the CPU executes the instruction again.
 */
function moveElements(cpu: Cpu, eip: number, elements: number, count: number, addrSize: 16 | 32): void {
  const ecx = cpu.r32[ECX]! >>> 0;
  const high = addrSize === 16 ? ecx & 0xffff0000 : 0;
  const mask = addrSize === 16 ? 0xffff : 0xffffffff;
  cpu.r32[ECX] = (high | elements) >>> 0;
  cpu.eip = eip;
  try {
    emulateIoInstruction(cpu);
  } finally {
    // What is left of this chunk (0 unless a fault stopped it) plus the elements not in it; a
    // fault (e.g. #PF on the buffer) propagates with EIP on the instruction, as the CPU's own.
    const left = ((cpu.r32[ECX]! >>> 0) & mask) + (count - elements);
    cpu.r32[ECX] = (high | left) >>> 0;
    cpu.eip = eip;
  }
}
