// The I/O #GP is deferred, not thrown (fault.ts deferFault): delivered by the run loop with the
// same architectural outcome as a thrown CpuFault — EIP at the faulting instruction, error code 0,
// the instruction neither retired nor charged — whether the block is interpreted, compiled (the
// OUT in the middle of a hot compiled block) or single-stepped with TF.
import { describe, it, expect } from 'vitest';
import { Guest, CODE3, STACK3 } from './guest';
import { emulateIoInstruction } from '../../../src/core/cpu/emulate';
import { TF } from '../../../src/core/cpu/regs';

const N = 50;
// mov ecx, N; loop: inc ebx; out 0x80, al; add eax, ebx; dec ecx; jnz loop; ud2
const PROGRAM = [0xb9, N, 0, 0, 0, 0x43, 0xe6, 0x80, 0x01, 0xd8, 0x49, 0x75, 0xf8, 0x0f, 0x0b];
const OUT_EIP = CODE3 + 6;

type Mode = 'interpreted' | 'compiled' | 'single-step';

function trapRun(mode: Mode): { log: string[]; final: number[]; ports: number } {
  const log: string[] = [];
  const g = new Guest({
    exception: (c, vector, code) => {
      if (vector === 1) return true; // the single-step trap: ignored by this VMM
      log.push(`${vector}:${code}@${c.eip.toString(16)} i=${c.instructions} t=${c.cycles}`);
      if (vector === 13 && emulateIoInstruction(c) > 0) return true;
      c.requestStop();
      return true;
    },
  });
  g.cpu.compileAfter = mode === 'compiled' ? 1 : Infinity;
  g.enterRing(3);
  if (mode === 'single-step') g.cpu.setEflags(g.cpu.getEflags() | TF);
  g.code(CODE3, PROGRAM);
  expect(g.cpu.run(1e6)).toBe('stop');
  const c = g.cpu;
  return { log, final: [...c.r32, c.eip, c.cpl, c.instructions, c.cycles, c.getEflags() & ~TF], ports: g.ports.log.length };
}

describe('deferred I/O #GP', () => {
  it('reaches the exception hook at the OUT with error code 0, the OUT not retired', () => {
    const r = trapRun('interpreted');
    expect(r.ports).toBe(N);
    expect(r.log.length).toBe(N + 1);
    r.log.slice(0, N).forEach((line, k) => expect(line).toMatch(new RegExp(`^13:0@${OUT_EIP.toString(16)} i=${2 + 4 * k} `)));
    expect(r.log[N]).toMatch(new RegExp(`^6:0@${(CODE3 + 13).toString(16)} i=${1 + 4 * N} `));
    expect(r.final[4]).toBe(STACK3); // no frame pushed: the hook handled every #GP
  });

  it('gives identical hook views and final state interpreted, compiled and single-stepped', () => {
    const interpreted = trapRun('interpreted');
    expect(trapRun('compiled')).toEqual(interpreted);
    expect(trapRun('single-step')).toEqual(interpreted);
  });

  it('charges the bitmap check and the fault delivery but not the OUT itself', () => {
    const g = new Guest({ exception: (c) => (c.requestStop(), true) });
    g.enterRing(3);
    g.code(CODE3, [0xe6, 0x80]); // out 0x80, al
    expect(g.cpu.run(10)).toBe('stop');
    expect([g.cpu.eip, g.cpu.instructions, g.cpu.cycles]).toEqual([CODE3, 0, g.cpu.cycleTable.ioBitmapCheck + g.cpu.cycleTable.exception]);
  });
});
