// The hypervisor side of the paravirtual I/O ABI (docs/guest-abi.md, src/core/hypercall-abi.ts):
// what a VMCALL from a paravirtualized guest asks for, performed on the port bus. EAX is the
// hypercall number, EBX the port, and by operation: IN (ECX size) → EAX value; OUT (ECX size,
// EDX value); INS/OUTS (ECX count, EDX element size, EDI/ESI guest buffer); OUT_BATCH (ECX
// entries of BATCH_ENTRY_BYTES at ESI: u16 port, u8 size, pad, u32 value); RING_KICK (ESI = the
// shared ring, paravirt-ring.ts). Unknown numbers return HC_EINVAL in EAX. A VMCALL from
// CPL > 0 performs nothing and returns HC_EPERM, as KVM's kvm_emulate_hypercall (and Xen HVM)
// refuse it. INS/OUTS/OUT_BATCH buffers are guest-physical (the guest kernel identity-maps
// them); the ring is walked through the guest page tables.
// The machine uses this as its hypercall handler when no hypervisor model is attached; the
// hypercall models of src/core/vmm add recording and pricing around the same operations.
// Hot path (one call per hypercall exit): no allocation per call — the DataView over RAM is
// built once per RAM buffer and the reported operation object is reused.
import type { Cpu } from '../cpu/index';
import { BATCH_ENTRY_BYTES, HC, HC_EINVAL, HC_EPERM } from '../hypercall-abi';
import { isPortSize, performRingKick, reportOp } from './paravirt-ring';
import type { HypercallOp } from './paravirt-ring';
import type { PortIo, PortSize } from './port-io';

export type { HypercallOp } from './paravirt-ring';

let viewRam: Uint8Array | null = null;
let view: DataView = new DataView(new ArrayBuffer(0));

function viewOf(ram: Uint8Array): DataView {
  if (ram !== viewRam) {
    viewRam = ram;
    view = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  }
  return view;
}

function load(mem: DataView, size: PortSize, at: number): number {
  return size === 1 ? mem.getUint8(at) : size === 2 ? mem.getUint16(at, true) : mem.getUint32(at, true);
}

function store(mem: DataView, size: PortSize, at: number, v: number): void {
  if (size === 1) mem.setUint8(at, v);
  else if (size === 2) mem.setUint16(at, v, true);
  else mem.setUint32(at, v, true);
}

/**
 * Performs the hypercall in the CPU's registers (result in EAX). `onOp` sees each port operation
 * (one object reused: copy what must outlive the call). Returns the page-table entries the
 * hypervisor read translating guest memory (the ring's pages; 0 for register-only calls).
 */
export function performHypercall(cpu: Cpu, ram: Uint8Array, io: PortIo, onOp?: (op: HypercallOp) => void): number {
  const r = cpu.r32;
  if (cpu.cpl !== 0) {
    r[0] = HC_EPERM;
    return 0;
  }
  const nr = r[0]! >>> 0;
  const ecx = r[1]! >>> 0;
  const edx = r[2]! >>> 0;
  const port = r[3]! & 0xffff;
  const esi = r[6]! >>> 0;
  const edi = r[7]! >>> 0;
  const mem = viewOf(ram);
  let ret = 0;
  let walkLevels = 0;
  switch (nr) {
    case HC.NOP:
      break;
    case HC.IN:
      if (!isPortSize(ecx)) { ret = HC_EINVAL; break; }
      ret = io.read(port, ecx);
      reportOp(onOp, nr, port, ecx, 'in', 1, null);
      break;
    case HC.OUT:
      if (!isPortSize(ecx)) { ret = HC_EINVAL; break; }
      io.write(port, ecx, edx);
      reportOp(onOp, nr, port, ecx, 'out', 1, null);
      break;
    case HC.INS:
      if (!isPortSize(edx) || edi + ecx * edx > ram.byteLength) { ret = HC_EINVAL; break; }
      for (let i = 0; i < ecx; i++) store(mem, edx, edi + i * edx, io.read(port, edx));
      cpu.physicalWritten(edi, ecx * edx);
      reportOp(onOp, nr, port, edx, 'in', ecx, edi);
      break;
    case HC.OUTS:
      if (!isPortSize(edx) || esi + ecx * edx > ram.byteLength) { ret = HC_EINVAL; break; }
      for (let i = 0; i < ecx; i++) io.write(port, edx, load(mem, edx, esi + i * edx));
      reportOp(onOp, nr, port, edx, 'out', ecx, esi);
      break;
    case HC.OUT_BATCH:
      if (esi + ecx * BATCH_ENTRY_BYTES > ram.byteLength) { ret = HC_EINVAL; break; }
      for (let i = 0; i < ecx; i++) {
        const at = esi + i * BATCH_ENTRY_BYTES;
        const size = mem.getUint8(at + 2);
        if (!isPortSize(size)) { ret = HC_EINVAL; break; }
        const p = mem.getUint16(at, true);
        io.write(p, size, mem.getUint32(at + 4, true));
        reportOp(onOp, nr, p, size, 'out', 1, null);
      }
      break;
    case HC.RING_KICK: {
      const k = performRingKick(cpu, ram, io, esi, onOp);
      ret = k.ret;
      walkLevels = k.walkLevels;
      break;
    }
    default:
      ret = HC_EINVAL;
  }
  r[0] = ret;
  return walkLevels;
}
