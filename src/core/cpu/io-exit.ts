// The architectural encodings of an I/O instruction exit, built from the IoExitInfo the CPU
// hands to the io hook: the VT-x exit qualification (Intel SDM vol. 3C, table "Exit
// Qualification for I/O Instructions") and the AMD-V IOIO EXITINFO1 (AMD APM vol. 2, "IOIO
// Intercept Information"). The hypervisor models record these in exit records.
import type { IoExitInfo } from './hooks';

/**
 * VT-x: bits 2:0 size - 1; bit 3 direction (1 = IN); bit 4 string; bit 5 REP; bit 6 operand
 * encoding (1 = immediate); bits 31:16 port.
 */
export function vmxIoQualification(i: IoExitInfo): number {
  return ((i.size - 1) | (i.input ? 8 : 0) | (i.string ? 16 : 0) | (i.rep ? 32 : 0) | (i.immediate ? 64 : 0) | (i.port << 16)) >>> 0;
}

/**
 * AMD-V EXITINFO1: bit 0 type (1 = IN); bit 2 string; bit 3 REP; bits 6:4 operand size
 * (SZ8/SZ16/SZ32 one-hot); bits 9:7 address size (A16/A32/A64); bits 12:10 effective segment
 * (string forms); bits 31:16 port. EXITINFO2 (next RIP) is info.eip + info.length.
 */
export function svmIoExitInfo1(i: IoExitInfo): number {
  const sz = i.size === 1 ? 1 : i.size === 2 ? 2 : 4;
  const a = i.addressSize === 2 ? 1 : 2;
  const seg = i.string ? i.segment & 7 : 0;
  return ((i.input ? 1 : 0) | (i.string ? 4 : 0) | (i.rep ? 8 : 0) | (sz << 4) | (a << 7) | (seg << 10) | (i.port << 16)) >>> 0;
}
