// Decoder versus GNU objdump: encodings for every implemented opcode (and group member) with
// prefix, ModRM and SIB variations are decoded by the CPU's decoder and by
// `objdump -D -b binary -mi386 -M intel`; instruction lengths, mnemonics and operands must
// agree. Each encoding sits in its own 32-byte slot padded with NOPs so objdump resynchronises.
// Skips, saying so, where objdump is not installed.
import { describe, it, expect } from 'vitest';
import { TABLE, type OpSpec } from '../../../src/core/cpu/opcodes';
import { decodeInsn } from '../../../src/core/cpu/decoder';
import { disassemble } from '../../../src/core/cpu/disasm';
import { I386_CYCLES } from '../../../src/core/cpu/cycles';
import { hasObjdump, OBJDUMP, runObjdump } from '../../helpers/objdump';

const SLOT = 32;
const FILLER = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
// 66 90 is "xchg ax,ax" to objdump; 66 0F 09 is (bad) to objdump; BSWAP with 66 is undefined
const NO_OPSIZE = new Set([0x90, 0x109, 0x1c8, 0x1c9, 0x1ca, 0x1cb, 0x1cc, 0x1cd, 0x1ce, 0x1cf]);
// SALC is undocumented (objdump prints (bad)); x87 escapes are decoded only for their length
const UNKNOWN_TO_OBJDUMP = new Set([0xd6, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf]);
const BRANCHES = new Set([0x9a, 0xc2, 0xc3, 0xca, 0xcb, 0xcf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe8, 0xe9, 0xea, 0xeb, 0xff]);

// ModRM tails: [mod/rm bits, extra bytes]
const RM_FORMS: [number, number[]][] = [
  [0xc2, []], // register
  [0x00, []], // [eax]
  [0x05, [0x78, 0x56, 0x34, 0x12]], // disp32
  [0x44, [0x8b, 0x7f]], // [ebx+ecx*4+0x7f]
  [0x44, [0x4b, 0xf0]], // [ebx+ecx*2-0x10]
  [0x85, [0x00, 0x01, 0x00, 0x00]], // [ebp+0x100]
  [0x04, [0xb5, 0x10, 0x20, 0x30, 0x40]], // [esi*4+disp32]
  [0x04, [0x24]], // [esp]
  [0x04, [0x20]], // [eax+eiz*1]
];
const RM16_FORMS: [number, number[]][] = [[0x00, []], [0x46, [0x10]], [0x06, [0x34, 0x12]], [0x87, [0xf0, 0xff]]];

function members(s: OpSpec): [number, OpSpec][] {
  if (s.group === null) return [[1, s]];
  return s.group.flatMap((g, reg) => (g === null ? [] : [[reg, g] as [number, OpSpec]]));
}

function encodings(): number[][] {
  const out: number[][] = [];
  for (let op = 0; op < 0x200; op++) {
    const s = TABLE[op];
    if (s === null || UNKNOWN_TO_OBJDUMP.has(op)) continue;
    const opBytes = op >= 0x100 ? [0x0f, op & 0xff] : [op];
    const prefixSets: number[][] = [[]];
    if (!BRANCHES.has(op) && !NO_OPSIZE.has(op)) prefixSets.push([0x66]);
    if (s.modrm) prefixSets.push([0x67], [0x64]);
    if (s.rep) prefixSets.push([0xf3], [0xf2, 0x67], [0x2e]);
    for (const pre of prefixSets) {
      if (!s.modrm) {
        out.push([...pre, ...opBytes, ...FILLER]);
        continue;
      }
      for (const [reg, m] of members(s)) {
        const forms = pre.includes(0x67) ? RM16_FORMS : RM_FORMS;
        for (const [modrm, extra] of forms) {
          if (/(^|,)M/.test(m.ops) && (modrm & 0xc0) === 0xc0) continue;
          if (op === 0x120 || op === 0x122) {
            if ((modrm & 0xc0) !== 0xc0 || ![0, 2, 3, 4].includes(reg)) continue;
          }
          if ((op === 0x121 || op === 0x123) && (modrm & 0xc0) !== 0xc0) continue;
          if ((op === 0x8c || op === 0x8e) && reg > 5) continue;
          out.push([...pre, ...opBytes, modrm | (reg << 3), ...extra, ...FILLER]);
        }
      }
    }
  }
  return out;
}


const IGNORED_TOKENS = new Set(['data16', 'addr16', 'cs', 'ds', 'es', 'ss', 'fs', 'gs']);

function normalise(text: string): { mn: string; ops: string } {
  const tokens = text.split(/\s+/);
  while (tokens.length > 1 && IGNORED_TOKENS.has(tokens[0])) tokens.shift();
  const words: string[] = [];
  while (tokens.length > 0 && /^(rep|repz|repnz|lock)$/.test(tokens[0])) words.push(tokens.shift() as string);
  words.push(tokens.shift() ?? '');
  return { mn: words.join(' '), ops: tokens.join('') };
}

describe('decoder against GNU objdump', () => {
  it.skipIf(!hasObjdump)(
    `agrees on length, mnemonic and operands for every implemented opcode${hasObjdump ? '' : ` (SKIPPED: ${OBJDUMP} not found)`}`,
    () => {
      const encs = encodings();
      const buf = new Uint8Array(encs.length * SLOT).fill(0x90);
      encs.forEach((e, k) => buf.set(e, k * SLOT));
      const obj = runObjdump(buf);
      const problems: string[] = [];
      encs.forEach((e, k) => {
        const at = k * SLOT;
        const insn = decodeInsn((n) => buf[at + n], at, true, I386_CYCLES);
        const bytes = e.slice(0, insn.len).map((b) => b.toString(16).padStart(2, '0')).join(' ');
        const ref = obj.get(at);
        if (ref === undefined) {
          problems.push(`${bytes}: objdump lost sync at ${at.toString(16)}`);
          return;
        }
        const mine = disassemble(insn);
        const theirs = normalise(ref.text);
        const mnOk = theirs.mn === mine.mnemonic || theirs.mn === mine.mnemonic + 'w' || theirs.mn === mine.mnemonic + 'd';
        if (ref.length !== insn.len || !mnOk || theirs.ops !== mine.operands.replace(/\s+/g, '')) {
          problems.push(`${bytes}: objdump "${ref.text}" (${ref.length} bytes), decoder "${mine.mnemonic} ${mine.operands}" (${insn.len} bytes)`);
        }
      });
      expect(encs.length).toBeGreaterThan(2000);
      expect(problems.slice(0, 40).join('\n')).toBe('');
    },
  );
});
