// Operand layouts of the opcode table (opcodes.ts), in SDM opcode-map notation, for the
// disassembler (disasm.ts) and the objdump test: E/G = ModRM r/m/reg, I = immediate (Ibs:
// sign-extended byte), J = relative target, O = moffs, X/Y = DS:eSI/ES:eDI, S = Sreg, C/D =
// CRn/DRn, R = r32 from ModRM rm, M = memory only (Ma: two operand-size words, Mp: far pointer),
// A = far pointer immediate, r = register in the opcode's low bits, Esw = r/m16 that names a
// full register in register form; sizes b/w/d/v (operand size)/p/q; capitalised names are
// fixed registers (eAX = AX or EAX by operand size).
import type { OpSpec } from './opcodes';

export function applyOperandLayouts(table: (OpSpec | null)[]): void {
  function operands(list: number[], ops: string): void {
    for (const opc of list) {
      const s = table[opc];
      if (s === null) continue;
      if (s.group !== null) for (const g of s.group) { if (g !== null) g.ops = ops; }
      else s.ops = ops;
    }
  }
  const range = (a: number, n: number): number[] => Array.from({ length: n }, (_, k) => a + k);
  for (let op = 0; op < 8; op++) {
    operands([op * 8], 'Eb,Gb');
    operands([op * 8 + 1], 'Ev,Gv');
    operands([op * 8 + 2], 'Gb,Eb');
    operands([op * 8 + 3], 'Gv,Ev');
    operands([op * 8 + 4], 'AL,Ib');
    operands([op * 8 + 5], 'eAX,Iv');
  }
  operands([0x06, 0x07], 'ES');
  operands([0x0e], 'CS');
  operands([0x16, 0x17], 'SS');
  operands([0x1e, 0x1f], 'DS');
  operands([0x1a0, 0x1a1], 'FS');
  operands([0x1a8, 0x1a9], 'GS');
  operands([...range(0x40, 32)], 'rv');
  operands([0x62], 'Gv,Ma');
  operands([0x68], 'Iv');
  operands([0x6a], 'Ibs');
  operands([0x69], 'Gv,Ev,Iv');
  operands([0x6b], 'Gv,Ev,Ibs');
  operands([0x6c], 'Yb,DX');
  operands([0x6d], 'Yv,DX');
  operands([0x6e], 'DX,Xb');
  operands([0x6f], 'DX,Xv');
  operands([...range(0x70, 16), 0xe0, 0xe1, 0xe2, 0xe3, 0xeb], 'Jb');
  operands([...range(0x180, 16), 0xe8, 0xe9], 'Jv');
  operands([...range(0x140, 16)], 'Gv,Ev');
  operands([...range(0x190, 16)], 'Eb');
  operands([0x80, 0x82, 0xc6], 'Eb,Ib');
  operands([0x81, 0xc7], 'Ev,Iv');
  operands([0x83], 'Ev,Ibs');
  operands([0x84, 0x86, 0x88], 'Eb,Gb');
  operands([0x85, 0x87, 0x89], 'Ev,Gv');
  operands([0x8a], 'Gb,Eb');
  operands([0x8b], 'Gv,Ev');
  operands([0x8c], 'Esw,Sw');
  operands([0x8d], 'Gv,M');
  operands([0x8e], 'Sw,Esw');
  operands([0x8f], 'Ev');
  operands(range(0x91, 7), 'rv,eAX');
  operands([0x9a, 0xea], 'Ap');
  operands([0xa0], 'AL,Ob');
  operands([0xa1], 'eAX,Ov');
  operands([0xa2], 'Ob,AL');
  operands([0xa3], 'Ov,eAX');
  operands([0xa4], 'Yb,Xb');
  operands([0xa5], 'Yv,Xv');
  operands([0xa6], 'Xb,Yb');
  operands([0xa7], 'Xv,Yv');
  operands([0xa8], 'AL,Ib');
  operands([0xa9], 'eAX,Iv');
  operands([0xaa], 'Yb,AL');
  operands([0xab], 'Yv,eAX');
  operands([0xac], 'AL,Xb');
  operands([0xad], 'eAX,Xv');
  operands([0xae], 'AL,Yb');
  operands([0xaf], 'eAX,Yv');
  operands(range(0xb0, 8), 'rb,Ib');
  operands(range(0xb8, 8), 'rv,Iv');
  operands([0xc0], 'Eb,Ib');
  operands([0xc1], 'Ev,Ib');
  operands([0xd0], 'Eb,1');
  operands([0xd1], 'Ev,1');
  operands([0xd2], 'Eb,CL');
  operands([0xd3], 'Ev,CL');
  operands([0xc2, 0xca], 'Iw');
  operands([0xc4, 0xc5, 0x1b2, 0x1b4, 0x1b5], 'Gv,Mp');
  operands([0xc8], 'Iw,Ib');
  operands([0xcd, 0xd4, 0xd5], 'Ib');
  operands([0xd7], 'XLAT');
  operands([0xe4], 'AL,Ib');
  operands([0xe5], 'eAX,Ib');
  operands([0xe6], 'Ib,AL');
  operands([0xe7], 'Ib,eAX');
  operands([0xec], 'AL,DX');
  operands([0xed], 'eAX,DX');
  operands([0xee], 'DX,AL');
  operands([0xef], 'DX,eAX');
  operands([0xf6], 'Eb');
  operands([0xf7, 0xfe, 0xff], 'Ev');
  for (const opc of [0xfe, 0xf6]) for (const g of table[opc]?.group ?? []) if (g !== null) g.ops = 'Eb';
  for (const reg of [0, 1]) {
    const f6 = table[0xf6]?.group?.[reg], f7 = table[0xf7]?.group?.[reg];
    if (f6) f6.ops = 'Eb,Ib';
    if (f7) f7.ops = 'Ev,Iv';
  }
  for (const reg of [3, 5]) {
    const g = table[0xff]?.group?.[reg];
    if (g) g.ops = 'Mp';
  }
  operands([0x100], 'Ew');
  for (const reg of [0, 1]) {
    const g = table[0x100]?.group?.[reg];
    if (g) g.ops = 'Esw';
  }
  operands([0x101], 'M');
  const invlpg = table[0x101]?.group?.[7];
  if (invlpg) invlpg.ops = 'Mb';
  const smsw = table[0x101]?.group?.[4];
  if (smsw) smsw.ops = 'Esw';
  const lmsw = table[0x101]?.group?.[6];
  if (lmsw) lmsw.ops = 'Ew';
  operands([0x120], 'R,C');
  operands([0x121], 'R,D');
  operands([0x123], 'D,R');
  operands([0x102, 0x103], 'Gv,Esw');
  operands([0x63], 'Ew,Gw');
  operands([0x11f], 'Ev');
  for (const reg of [2, 3, 4, 5]) {
    const g = table[0x100]?.group?.[reg];
    if (g) g.ops = 'Ew';
  }
  operands([0x122], 'C,R');
  operands([0x1a3, 0x1ab, 0x1b3, 0x1bb, 0x1c1, 0x1b1], 'Ev,Gv');
  operands([0x1c0, 0x1b0], 'Eb,Gb');
  operands([0x1a4, 0x1ac], 'Ev,Gv,Ib');
  operands([0x1a5, 0x1ad], 'Ev,Gv,CL');
  operands([0x1af, 0x1bc, 0x1bd], 'Gv,Ev');
  operands([0x1b6, 0x1be], 'Gv,Eb');
  operands([0x1b7, 0x1bf], 'Gv,Ew');
  operands([0x1ba], 'Ev,Ib');
  operands([0x1c7], 'Mq');
  operands(range(0x1c8, 8), 'rd');
}
