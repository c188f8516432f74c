// A VMCALL exit, shared by every mechanism: the paravirtual backend performs the hypercall
// (performHypercall, the one implementation of the ABI) and reports each port operation through
// its onOp callback; the exit is recorded with those operations (none for a null hypercall), no
// fetch and no decode (the operation arrives in registers), and priced as `hypercall`, as
// `batched` for OUT_BATCH (one exit carrying several OUTs), or as `ring` for the shared ring's
// doorbell (RING_KICK: one exit carrying every posted descriptor; its doorbell path is the
// hypercall). The cost is charged after the operations: the devices see the guest clock at the
// VMCALL, and the guest resumes after the whole exit. String hypercalls translate their buffer
// (bufferWalkLevels); a kick is charged the page-table entries the backend really read walking
// the ring and its string buffers. A VMCALL from CPL > 0 is refused by the backend (HC_EPERM,
// as KVM does): still one exit, with no operations.
import type { Cpu } from '../../cpu/index';
import type { Isa } from '../../trace/exit-record';
import { performHypercall } from '../../machine/paravirt-backend';
import type { HypercallOp } from '../../machine/paravirt-backend';
import { HC } from '../../hypercall-abi';
import { formIdOf } from '../../cpu/io-form-table';
import { machineOf } from './context';
import type { MechanismContext } from './context';
import { bufferWalkLevels } from './guest-io';
import type { ExitOp } from './recorder';
import { hex } from './recorder';

const VMCALL_BYTES = Uint8Array.of(0x0f, 0x01, 0xc1);
const DS = 3;
const ES = 0;

/** How the exit shows in the record, by the hardware that took it (null: a software VMM). */
const NATIVE: Record<Isa | 'none', { name: string; code: number | null }> = {
  vmx: { name: 'VMCALL', code: 18 },
  svm: { name: 'VMMCALL', code: 0x81 },
  none: { name: 'vmcall', code: null },
};

export function vmcallExit(ctx: MechanismContext, cpu: Cpu, isa: Isa | null): void {
  const m = machineOf(ctx);
  const rec = ctx.recorder;
  const nr = cpu.r32[0]! >>> 0;
  const kick = nr === HC.RING_KICK;
  const ops: ExitOp[] = [];
  let walkLevels = 0;
  const onOp = (op: HypercallOp): void => {
    const string = op.nr === HC.INS || op.nr === HC.OUTS;
    const formId = formIdOf(op.direction, op.size, string, string ? true : null, 'dx')!;
    if (string && !kick) walkLevels += bufferWalkLevels(cpu, op.buffer!, op.count * op.size, op.size, op.direction === 'in');
    ops.push({ formId, port: op.port, count: op.count, addrSize: string ? 32 : null, segment: string ? (op.nr === HC.INS ? ES : DS) : null, bufferAddr: op.buffer });
  };
  rec.begin();
  walkLevels += performHypercall(cpu, m.ram.bytes, m.portIo, onOp);
  const native = NATIVE[isa ?? 'none'];
  const total = rec.record({
    mechanism: kick ? 'ring' : nr === HC.OUT_BATCH ? 'batched' : 'hypercall',
    reason: 'HYPERCALL',
    reasonNative: native.name,
    isa,
    reasonCode: native.code,
    rip: (cpu.eip - VMCALL_BYTES.length) >>> 0,
    insnBytes: VMCALL_BYTES,
    ops,
    steps: null,
    bufferWalkLevels: walkLevels,
    info1: hex(nr),
    info2: null,
    errorCode: null,
    emulated: false,
  });
  rec.charge(total);
}
