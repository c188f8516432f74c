// The hypervisor side of the paravirtual I/O ABI (docs/guest-abi.md, src/core/workloads/abi.ts):
// what a VMCALL from a paravirtualized guest asks for, performed on the port bus. EAX is the
// hypercall number, EBX the port, and by operation: IN (ECX size) → EAX value; OUT (ECX size,
// EDX value); INS/OUTS (ECX count, EDX element size, EDI/ESI guest buffer); OUT_BATCH (ECX
// entries of BATCH_ENTRY_BYTES at ESI: u16 port, u8 size, pad, u32 value). Unknown numbers
// return HC_EINVAL in EAX. Buffers are guest-physical (the guest kernel identity-maps them).
// The machine uses this as its hypercall handler when no hypervisor model is attached; the
// hypercall models of src/core/vmm add recording and pricing around the same operations.
import type { Cpu } from '../cpu/index';
import { BATCH_ENTRY_BYTES, HC, HC_EINVAL } from '../workloads/abi';
import type { PortIo, PortSize } from './port-io';

/** One port operation a hypercall performed (for recording: the hypercall carries no decode). */
export interface HypercallOp {
  nr: number;
  port: number;
  size: PortSize;
  direction: 'in' | 'out';
  count: number;
}

const isSize = (v: number): v is PortSize => v === 1 || v === 2 || v === 4;

export function performHypercall(cpu: Cpu, ram: Uint8Array, io: PortIo, onOp?: (op: HypercallOp) => void): void {
  const r = cpu.r32;
  const nr = r[0]! >>> 0;
  const ecx = r[1]! >>> 0;
  const edx = r[2]! >>> 0;
  const port = r[3]! & 0xffff;
  const esi = r[6]! >>> 0;
  const edi = r[7]! >>> 0;
  const mem = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const load = (size: PortSize, at: number): number => (size === 1 ? mem.getUint8(at) : size === 2 ? mem.getUint16(at, true) : mem.getUint32(at, true));
  const store = (size: PortSize, at: number, v: number): void => {
    if (size === 1) mem.setUint8(at, v);
    else if (size === 2) mem.setUint16(at, v, true);
    else mem.setUint32(at, v, true);
  };
  let ret = 0;
  switch (nr) {
    case HC.NOP:
      break;
    case HC.IN:
      if (!isSize(ecx)) { ret = HC_EINVAL; break; }
      ret = io.read(port, ecx);
      onOp?.({ nr, port, size: ecx, direction: 'in', count: 1 });
      break;
    case HC.OUT:
      if (!isSize(ecx)) { ret = HC_EINVAL; break; }
      io.write(port, ecx, edx);
      onOp?.({ nr, port, size: ecx, direction: 'out', count: 1 });
      break;
    case HC.INS:
      if (!isSize(edx) || edi + ecx * edx > ram.byteLength) { ret = HC_EINVAL; break; }
      for (let i = 0; i < ecx; i++) store(edx, edi + i * edx, io.read(port, edx));
      cpu.physicalWritten(edi, ecx * edx);
      onOp?.({ nr, port, size: edx, direction: 'in', count: ecx });
      break;
    case HC.OUTS:
      if (!isSize(edx) || esi + ecx * edx > ram.byteLength) { ret = HC_EINVAL; break; }
      for (let i = 0; i < ecx; i++) io.write(port, edx, load(edx, esi + i * edx));
      onOp?.({ nr, port, size: edx, direction: 'out', count: ecx });
      break;
    case HC.OUT_BATCH:
      if (esi + ecx * BATCH_ENTRY_BYTES > ram.byteLength) { ret = HC_EINVAL; break; }
      for (let i = 0; i < ecx; i++) {
        const at = esi + i * BATCH_ENTRY_BYTES;
        const size = mem.getUint8(at + 2);
        if (!isSize(size)) { ret = HC_EINVAL; break; }
        const p = mem.getUint16(at, true);
        io.write(p, size, mem.getUint32(at + 4, true));
        onOp?.({ nr, port: p, size, direction: 'out', count: 1 });
      }
      break;
    default:
      ret = HC_EINVAL;
  }
  r[0] = ret;
}
