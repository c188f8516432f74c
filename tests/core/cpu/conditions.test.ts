// Conditions read lazily (testCC: Jcc/SETcc/CMOVcc) must agree with the materialised EFLAGS
// (checked independently by the conformance vectors) after every kind of flag-setting
// instruction, for edge-heavy random operands.
import { describe, it, expect } from 'vitest';
import { Guest, CODE0 } from './guest';

const CF = 1, PF = 4, ZF = 0x40, SF = 0x80, OF = 0x800;

function reference(cc: number, f: number): boolean {
  const cf = (f & CF) !== 0, zf = (f & ZF) !== 0, sf = (f & SF) !== 0, of = (f & OF) !== 0, pf = (f & PF) !== 0;
  const base = [of, cf, zf, cf || zf, sf, pf, sf !== of, zf || sf !== of][cc >> 1];
  return (cc & 1) !== 0 ? !base : base;
}

// flag-setting instructions on EAX (and EBX as the second operand)
const OPS: [string, number[]][] = [
  ['cmp', [0x39, 0xd8]], ['add', [0x01, 0xd8]], ['sub', [0x29, 0xd8]], ['adc', [0x11, 0xd8]], ['sbb', [0x19, 0xd8]],
  ['and', [0x21, 0xd8]], ['xor', [0x31, 0xd8]], ['inc', [0x40]], ['dec', [0x48]], ['neg', [0xf7, 0xd8]],
  ['shl', [0xd1, 0xe0]], ['sar', [0xd1, 0xf8]], ['cmp8', [0x38, 0xd8]], ['add16', [0x66, 0x01, 0xd8]], ['imul', [0x0f, 0xaf, 0xc3]],
];
const EDGE = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x12345678];

describe('lazy condition codes', () => {
  it('SETcc after each flag-setting instruction matches the materialised flags', () => {
    const wrong: string[] = [];
    let seed = 12345;
    const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (const [name, bytes] of OPS) {
      for (let n = 0; n < 24; n++) {
        const a = n < 12 ? EDGE[n] : rnd(), b = n < 12 ? EDGE[(n * 7) % 12] : rnd();
        const g = new Guest();
        // <op>; setcc [0x50000 + cc] for cc = 0..15; pushfd; hlt
        const code = [...bytes];
        for (let cc = 0; cc < 16; cc++) code.push(0x0f, 0x90 + cc, 0x05, cc, 0x00, 0x05, 0x00);
        code.push(0x9c, 0xf4);
        g.code(CODE0, code);
        g.cpu.r32[0] = a;
        g.cpu.r32[3] = b;
        g.cpu.setEflags(2 | (n & 1));
        g.cpu.run(100);
        const flags = g.stack(1)[0];
        for (let cc = 0; cc < 16; cc++) {
          if ((g.ram.bytes[0x50000 + cc] === 1) !== reference(cc, flags)) wrong.push(`${name} ${a.toString(16)},${b.toString(16)} cc${cc}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
