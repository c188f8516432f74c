// Intel-syntax disassembly of a decoded Insn, in the spelling GNU objdump uses (`-M intel`), so
// the decoder can be checked against binutils and exits can show readable instructions. Operand
// layouts come from the `ops` strings of the opcode table (notation documented there).
import type { Insn } from './insn';
import { TABLE, VMCALL_SPEC, type OpSpec } from './opcodes';
import { REP_E, REP_NE } from './insn';

const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const SREG = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
const PTR: Record<number, string> = { 1: 'BYTE PTR ', 2: 'WORD PTR ', 4: 'DWORD PTR ', 6: 'FWORD PTR ', 8: 'QWORD PTR ' };
const MEM16 = ['bx+si', 'bx+di', 'bp+si', 'bp+di', 'si', 'di', 'bp', 'bx'];

const hex = (v: number): string => '0x' + (v >>> 0).toString(16);

function reg(size: number, n: number): string {
  return size === 4 ? R32[n] : size === 2 ? R16[n] : R8[n];
}

function specOf(i: Insn): OpSpec | null {
  if (i.opcode === 0x101 && i.mod3 && i.reg === 0 && i.rm === 1) return VMCALL_SPEC;
  const s = TABLE[i.opcode];
  if (s === null || s.group === null) return s;
  return s.group[i.reg];
}

function memory(i: Insn, size: number | null): string {
  const ptr = size === null ? '' : PTR[size];
  const seg = i.segOverride >= 0 ? `${SREG[i.segOverride]}:` : '';
  if (i.asize === 2) {
    if (i.mod === 0 && i.rm === 6) return `${ptr}${seg || 'ds:'}${hex(i.disp & 0xffff)}`;
    let s = MEM16[i.rm];
    if (i.mod === 1 || i.mod === 2) s += i.disp < 0 ? `-${hex(-i.disp)}` : `+${hex(i.disp)}`;
    return `${ptr}${seg}[${s}]`;
  }
  if (i.base < 0 && i.index < 0) return `${ptr}${seg || 'ds:'}${hex(i.disp)}`;
  const parts: string[] = [];
  if (i.base >= 0) parts.push(R32[i.base]);
  if (i.index >= 0) parts.push(`${R32[i.index]}*${1 << i.scale}`);
  else if (i.hasSib && !(i.base === 4 && i.scale === 0)) parts.push(`eiz*${1 << i.scale}`);
  let s = parts.join('+');
  if (i.base < 0 || i.mod === 1 || i.mod === 2) {
    if (i.base < 0) s += `+${hex(i.disp)}`;
    else s += i.disp < 0 ? `-${hex(-i.disp)}` : `+${hex(i.disp)}`;
  }
  return `${ptr}${seg}[${s}]`;
}

function stringOperand(i: Insn, dest: boolean, size: number): string {
  const seg = dest ? 'es' : SREG[i.segOverride >= 0 ? i.segOverride : 3];
  const r = dest ? (i.asize === 4 ? 'edi' : 'di') : i.asize === 4 ? 'esi' : 'si';
  return `${PTR[size]}${seg}:[${r}]`;
}

function sizeOf(code: string, i: Insn): number {
  switch (code) {
    case 'b': return 1;
    case 'w': return 2;
    case 'd': return 4;
    case 'q': return 8;
    case 'p': return i.size + 2;
    default: return i.size;
  }
}

function operand(op: string, i: Insn): string {
  const kind = op[0];
  const sz = op.slice(1);
  switch (op) {
    case 'AL': return 'al';
    case 'CL': return 'cl';
    case 'DX': return 'dx';
    case 'eAX': return reg(i.size, 0);
    case '1': return '1';
    case 'ES': case 'CS': case 'SS': case 'DS': case 'FS': case 'GS': return op.toLowerCase();
    case 'rv': return reg(i.size, i.reg);
    case 'rb': return R8[i.reg];
    case 'rd': return R32[i.reg];
    case 'Ibs': {
      const v = i.imm;
      return hex(i.size === 4 ? v : v & (i.size === 2 ? 0xffff : 0xff));
    }
    case 'XLAT': return `BYTE PTR ${SREG[i.segOverride >= 0 ? i.segOverride : 3]}:[${i.asize === 4 ? 'ebx' : 'bx'}]`;
    case 'Ap': return `${hex(i.imm2)}:${hex(i.imm)}`;
    case 'Sw': return SREG[i.reg] ?? `?sreg${i.reg}`;
    case 'C': return `cr${i.reg}`;
    case 'D': return `dr${i.reg}`;
    case 'R': return R32[i.rm];
    case 'M': return memory(i, null);
    case 'Esw': return i.mod3 ? reg(i.size, i.rm) : memory(i, 2);
    case 'Ma': return memory(i, i.size * 2);
  }
  switch (kind) {
    case 'E': return i.mod3 ? reg(Math.min(sizeOf(sz, i), 4), i.rm) : memory(i, sizeOf(sz, i));
    case 'M': return memory(i, sizeOf(sz, i));
    case 'G': return reg(sizeOf(sz, i), i.reg);
    case 'I':
      if (sz === 'w') return hex(i.opcode === 0xc8 ? i.imm : i.imm & 0xffff);
      if (sz === 'b') return hex(i.opcode === 0xc8 ? i.imm2 : i.imm & 0xff);
      return hex(i.size === 4 ? i.imm : i.imm & (i.size === 2 ? 0xffff : 0xff));
    case 'J': return hex(i.imm);
    case 'O': return `${i.segOverride >= 0 ? SREG[i.segOverride] : 'ds'}:${hex(i.disp)}`;
    case 'X': return stringOperand(i, false, sizeOf(sz, i));
    case 'Y': return stringOperand(i, true, sizeOf(sz, i));
    default: return `?${op}`;
  }
}

export interface Disassembly {
  /** Mnemonic with REP/LOCK spelled as objdump does (e.g. "rep movs", "lock add"). */
  mnemonic: string;
  /** Comma-separated operands, objdump Intel spelling. */
  operands: string;
}

export function disassemble(i: Insn): Disassembly {
  const s = specOf(i);
  if (s === null) return { mnemonic: '(bad)', operands: '' };
  let mn = typeof s.mn === 'function' ? s.mn(i) : s.mn;
  if (i.opcode === 0x90 && i.rep === REP_E) mn = 'pause';
  if (s.rep && i.rep !== 0) {
    const cmp = i.opcode === 0xa6 || i.opcode === 0xa7 || i.opcode === 0xae || i.opcode === 0xaf;
    mn = `${cmp ? (i.rep === REP_NE ? 'repnz' : 'repz') : i.rep === REP_NE ? 'repnz' : 'rep'} ${mn}`;
  }
  if (i.lock) mn = `lock ${mn}`;
  const ops = s.ops === '' ? [] : s.ops.split(',').map((o) => operand(o, i));
  return { mnemonic: mn, operands: ops.join(',') };
}
