// `cpu-gaps` is derived from the opcode table: every encoding it lists must really raise #UD,
// and none of the required instructions may appear in it.
import { describe, it, expect } from 'vitest';
import { opcodeGaps, gapReport } from '../../../src/core/cpu/gaps';
import { ConformanceMachine } from '../../../src/core/cpu/conformance/runner';
import type { VectorCase } from '../../../src/core/cpu/conformance/vectors';

function bytesOf(encoding: string): number[] {
  const [hex, reg] = encoding.split(' /');
  const bytes = hex.split(' ').map((b) => parseInt(b, 16));
  // ModRM with mod = 0 (memory [eax]) and the group's reg field; a register form for the rest
  return [...bytes, reg === undefined ? 0xc0 : parseInt(reg, 10) << 3, 0, 0, 0, 0, 0, 0];
}

describe('cpu-gaps', () => {
  it('lists only encodings that raise #UD', () => {
    const m = new ConformanceMachine();
    const regs = { eax: 0x2000, ecx: 0, edx: 0, ebx: 0, esp: 0x8000, ebp: 0, esi: 0, edi: 0, eip: 0x1000, eflags: 2 };
    const wrong: string[] = [];
    for (const g of opcodeGaps()) {
      const t: VectorCase = {
        id: g.encoding, bytes: bytesOf(g.encoding), init: { regs, mem: [] },
        final: { regs, mem: [] }, flags_mask: 0xffffffff, exception: 6,
      };
      if (!m.run(t).pass) wrong.push(g.encoding);
    }
    expect(wrong).toEqual([]);
  });

  it('does not list any instruction the CPU issue requires', () => {
    const names = opcodeGaps().map((g) => g.name.toLowerCase());
    for (const required of ['cpuid', 'rdtsc', 'cmov', 'rdmsr', 'wrmsr', 'vmcall', 'bswap', 'xadd', 'invlpg', 'lgdt', 'ltr', 'clts', 'ud2']) {
      expect(names.some((n) => n.startsWith(required))).toBe(false);
    }
    expect(gapReport()).toContain('16-bit TSS');
  });
});
