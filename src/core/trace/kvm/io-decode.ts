// Decoders for what the hardware reports about a port-I/O exit (anchors.md §4.3):
//   VMX exit qualification (Intel SDM Vol. 3C, "Exit Qualification for I/O Instructions"):
//     bits 2:0 size-1 (0, 1, 3), bit 3 IN, bit 4 string, bit 5 REP, bit 6 immediate port,
//     bits 31:16 port.
//   SVM IOIO EXITINFO1 (AMD APM Vol. 2 §15.10.2): bit 0 IN, bit 2 string, bit 3 REP,
//     bits 6:4 operand size one-hot (8/16/32), bits 9:7 address size one-hot (16/32/64),
//     bits 31:16 port. SVM does not say whether IN/OUT took an imm8 or DX, so portSource is
//     null there, except for the string forms, which always take the port from DX.
// Both take the low 32 bits of the value as an unsigned number and return null when the size
// field is not a valid encoding.

import type { IoDir, PortSource } from '../exit-record';

export interface IoDecode {
  port: number;
  /** Bytes per element: 1, 2, 4. */
  size: number;
  direction: IoDir;
  string: boolean;
  rep: boolean;
  portSource: PortSource | null;
  /** Address size in bits (SVM only; VMX does not report it in the qualification). */
  addrSize: number | null;
}

export function decodeVmxIoQualification(q: number): IoDecode | null {
  const sz = q & 7;
  if (sz !== 0 && sz !== 1 && sz !== 3) return null;
  const string = (q & 0x10) !== 0;
  return {
    port: (q >>> 16) & 0xffff,
    size: sz + 1,
    direction: (q & 8) !== 0 ? 'in' : 'out',
    string,
    rep: (q & 0x20) !== 0,
    portSource: (q & 0x40) !== 0 ? 'imm8' : 'dx',
    addrSize: null,
  };
}

function oneHot(bits: number, a: number, b: number, c: number): number | null {
  return bits === 1 ? a : bits === 2 ? b : bits === 4 ? c : null;
}

export function decodeSvmIoInfo1(e: number): IoDecode | null {
  const size = oneHot((e >>> 4) & 7, 1, 2, 4);
  if (size === null) return null;
  const string = (e & 4) !== 0;
  return {
    port: (e >>> 16) & 0xffff,
    size,
    direction: (e & 1) !== 0 ? 'in' : 'out',
    string,
    rep: (e & 8) !== 0,
    portSource: string ? 'dx' : null,
    addrSize: oneHot((e >>> 7) & 7, 16, 32, 64),
  };
}
