// Decoding the instruction bytes that kvm_emulate_insn prints, for the one question the
// importer has: is this one of the 24 port-I/O forms, and which? It completes what the exit
// info cannot say (on SVM: imm8 or DX; on both: address size and OUTS segment override).
//
// Prefixes accepted: 66 (operand size), 67 (address size), F3/F2 (REP), segment overrides,
// F0, and REX (40-4F, 64-bit mode only, must come last). The operand and address sizes start
// from the CPU mode printed by the kernel (real/vm16/prot16 = 16 bit, prot32 = 32, prot64 =
// 32-bit operands and 64-bit addresses). The trace-cmd plugin does not print the mode: then
// operand sizes are read as in 32/64-bit code and the address size is left unknown (null).

import type { IoDir, PortSource } from '../exit-record';

export type CpuMode = 'real' | 'vm16' | 'prot16' | 'prot32' | 'prot64';

export interface IoInsn {
  direction: IoDir;
  size: number;
  string: boolean;
  rep: boolean;
  portSource: PortSource;
  /** Address size in bits (meaningful for INS/OUTS); null when the CPU mode is unknown. */
  addrSize: number | null;
  /** Segment of the memory operand: `es` for INS, `ds` or the override for OUTS; null for IN/OUT. */
  segment: string | null;
}

const SEGMENTS: Readonly<Record<number, string>> = { 0x26: 'es', 0x2e: 'cs', 0x36: 'ss', 0x3e: 'ds', 0x64: 'fs', 0x65: 'gs' };

/** Decode `bytes` as a port-I/O instruction, or return null when it is not one. */
export function decodeIoInsnBytes(bytes: Uint8Array, mode: CpuMode | null): IoInsn | null {
  const m = mode ?? 'prot32';
  const wide = m === 'prot32' || m === 'prot64';
  let opsize16 = !wide;
  let addr: number | null = m === 'prot64' ? 64 : wide ? 32 : 16;
  let rep = false;
  let segment: string | null = null;
  let i = 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x66) opsize16 = wide;
    else if (b === 0x67) addr = m === 'prot64' ? 32 : wide ? 16 : 32;
    else if (b === 0xf3 || b === 0xf2) rep = true;
    else if (b === 0xf0) continue;
    else if (SEGMENTS[b] !== undefined) segment = SEGMENTS[b];
    else if (m === 'prot64' && b >= 0x40 && b <= 0x4f) continue;
    else break;
  }
  if (i >= bytes.length) return null;
  if (mode === null) addr = null;
  const op = bytes[i];
  const wideOp = (op & 1) !== 0;
  const size = wideOp ? (opsize16 ? 2 : 4) : 1;
  const direction: IoDir = (op & 2) !== 0 ? 'out' : 'in';
  if (op >= 0xe4 && op <= 0xe7) return { direction, size, string: false, rep: false, portSource: 'imm8', addrSize: addr, segment: null };
  if (op >= 0xec && op <= 0xef) return { direction, size, string: false, rep: false, portSource: 'dx', addrSize: addr, segment: null };
  if (op >= 0x6c && op <= 0x6f) {
    const seg = direction === 'in' ? 'es' : (segment ?? 'ds');
    return { direction, size, string: true, rep, portSource: 'dx', addrSize: addr, segment: seg };
  }
  return null;
}
