// Seeded differential fuzzing of the block compiler: random bodies built from the instructions
// the compiler inlines (and a few it does not) — conditional jumps over an instruction, CALL/RET
// and JMP a block follows or leaves by — run in a counted loop, must end in
// exactly the same state interpreted-only and compiled. Memory operands stay inside one data
// page; a few seeds also put an unmapped page in reach so faults land inside compiled blocks.
import { describe, it, expect } from 'vitest';
import { Guest, CODE0 } from './guest';

const le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** xorshift32: deterministic and seedable. */
function rng(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

// registers usable as data (ECX is the loop counter, ESI the data pointer, ESP the stack)
const DATA_REGS = [0, 2, 3, 5, 7];

function body(next: () => number, len: number): number[] {
  const pick = <T,>(xs: T[]): T => xs[next() % xs.length];
  const out: number[] = [];
  for (let k = 0; k < len; k++) {
    const d = pick(DATA_REGS), s = pick(DATA_REGS);
    const disp = (next() % 64) * 4;
    const op = pick([0x01, 0x09, 0x11, 0x19, 0x21, 0x29, 0x31, 0x39]);
    const r8 = next() % 8, s8 = next() % 8; // byte registers (AL..BH; CH/CL may touch the counter)
    const b8 = r8 === 1 || r8 === 5 ? 0 : r8, c8 = s8 === 1 || s8 === 5 ? 3 : s8;
    switch (next() % 31) {
      case 29: out.push(0x83, 0x46 | ((next() % 8) << 3), disp, next() & 0xff); break; // alu [esi+disp8], imm8
      case 30: out.push(0x81, 0x46 | ((next() % 8) << 3), disp, ...le(next())); break; // alu [esi+disp8], imm32
      // call T; inc r; jmp +5; T: add dword [esp], 1; ret — the RET returns one byte later than
      // the CALL the block followed (to the JMP), so the inc is skipped and the block is left there
      case 28: out.push(0xe8, 3, 0, 0, 0, 0x40 | d, 0xeb, 5, 0x83, 0x04, 0x24, 0x01, 0xc3); break;
      case 24: out.push(0xa9, ...le(next())); break; // test eax, imm32
      case 25: out.push(0xf7, 0xc0 | d, ...le(next() & 0x80000fff)); break; // test r, imm32
      case 26: out.push(0xe8, 0, 0, 0, 0, 0x58 | d); break; // call next; pop r (a followed CALL)
      case 27: out.push(0xe8, 2, 0, 0, 0, 0xeb, 1, 0xc3); break; // call to a RET that returns to a JMP over it
      case 16: out.push(0x8a, 0x46 | (b8 << 3), disp); break; // mov r8, [esi+disp]
      case 17: out.push(0x88, 0x46 | (c8 << 3), disp); break; // mov [esi+disp], r8
      case 18: out.push(0x0f, 0xb6 | (next() & 1), 0x46 | (d << 3), disp); break; // movzx r32, [esi+disp]
      case 19: out.push(0x80, 0xc0 | (pick([0, 1, 4, 5, 6, 7]) << 3) | b8, next() & 0xff); break; // alu r8, imm8
      case 20: out.push(pick([0x00, 0x02, 0x08, 0x20, 0x28, 0x30, 0x38, 0x3a]), 0xc0 | (c8 << 3) | b8); break; // alu r8, r8
      case 21: out.push(pick([0x04, 0x0c, 0x24, 0x2c, 0x34, 0x3c, 0xa8]), next() & 0xff); break; // alu/test al, imm8
      case 22: out.push(0x84, 0xc0 | (c8 << 3) | b8); break; // test r8, r8
      case 23: out.push(0xb0 | b8, next() & 0xff); break; // mov r8, imm8
      case 0: out.push(op, 0xc0 | (s << 3) | d); break; // alu r, r
      case 1: out.push(op + 2, 0x46 | (d << 3), disp); break; // alu r, [esi+disp8]
      case 2: out.push(op, 0x46 | (s << 3), disp); break; // alu [esi+disp8], r
      case 3: out.push(0x83, 0xc0 | ((next() % 8) << 3) | d, next() & 0xff); break; // alu r, imm8
      case 4: out.push(0x81, 0xc0 | ((next() % 8) << 3) | d, ...le(next())); break; // alu r, imm32
      case 5: out.push(0x40 | d); break; // inc
      case 6: out.push(0x48 | d); break; // dec
      case 7: out.push(0x8b, 0x46 | (d << 3), disp); break; // mov r, [esi+disp]
      case 8: out.push(0x89, 0x46 | (s << 3), disp); break; // mov [esi+disp], r
      case 9: out.push(0xc1, 0xc0 | (pick([4, 5, 7, 0, 1]) << 3) | d, 1 + (next() % 31)); break; // shifts/rotates
      case 10: out.push(0xd1, 0xc0 | (pick([4, 5, 7, 2, 3]) << 3) | d); break; // by 1 (incl. RCL/RCR: handler)
      case 11: out.push(0x50 | s, 0x58 | d); break; // push / pop
      case 12: out.push(0x8d, 0x44 | (d << 3), 0x06 | (s << 3), next() & 0xff); break; // lea r, [esi+s+disp8]
      case 13: out.push(0x85, 0xc0 | (s << 3) | d); break; // test
      case 14: out.push(0x0f, 0x40 | (next() % 16), 0xc0 | (d << 3) | s); break; // cmovcc (handler)
      default: out.push(0x70 | (next() % 16), 0x01, 0x40 | d); break; // jcc over an inc
    }
  }
  return out;
}

function program(seed: number): number[] {
  const next = rng(seed);
  const b = body(next, 6 + (next() % 20));
  const loop = [...b, 0x83, 0xc6, 0x04, 0x49]; // add esi, 4; dec ecx
  const back = -(loop.length + 6);
  return [0xb9, ...le(40 + (next() % 200)), 0xbe, ...le(0x50000), ...loop, 0x0f, 0x85, ...le(back), 0xf4];
}

function run(seed: number, compileAfter: number, unmapped: boolean): string {
  const g = new Guest();
  g.cpu.compileAfter = compileAfter;
  g.pageIdentity((p) => (unmapped && p === 0x51 ? 0 : 7));
  const init = rng(seed ^ 0x9e3779b9);
  for (let k = 0; k < 0x1100; k += 4) g.w32(0x50000 + k, init());
  for (const r of DATA_REGS) g.cpu.r32[r] = init();
  g.code(CODE0, program(seed));
  const why = g.cpu.run(200000);
  return JSON.stringify({
    why, regs: [...g.cpu.r32], eip: g.cpu.eip, flags: g.cpu.getEflags(), cycles: g.cpu.cycles,
    instructions: g.cpu.instructions, mem: Array.from(g.ram.bytes.subarray(0x50000, 0x51000)), stack: g.stack(4),
  });
}

describe('block compiler differential fuzz', () => {
  it('matches the interpreter on 150 random loops', () => {
    const mismatches: number[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      const unmapped = seed % 5 === 0;
      if (run(seed, Infinity, unmapped) !== run(seed, 2, unmapped)) mismatches.push(seed);
    }
    expect(mismatches).toEqual([]);
  });
});
