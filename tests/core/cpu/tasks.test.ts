// Hardware task switching: CALL to a TSS and IRET back through the back link, a double fault
// delivered through a task gate (the classic "#DF on its own stack" setup), and the busy rules.
import { describe, it, expect } from 'vitest';
import { Guest, segDesc, CODE0, STUBS, SEL_TSS, SEL_CODE0, SEL_DATA0, TSS, GDT } from './guest';

const le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** Write a 32-bit TSS at `base` for a ring-0 flat task starting at `eip` with stack `esp`. */
function makeTss(g: Guest, base: number, eip: number, esp: number, eax = 0): number {
  g.ram.bytes.fill(0, base, base + 0x68);
  g.w32(base + 0x20, eip);
  g.w32(base + 0x24, 2);
  g.w32(base + 0x28, eax);
  g.w32(base + 0x38, esp);
  for (let k = 0; k < 6; k++) g.w32(base + 0x48 + 4 * k, k === 1 ? SEL_CODE0 : SEL_DATA0);
  g.view.setUint16(base + 0x66, 0x68, true);
  return g.addDescriptor(segDesc(base, 0x67, 0x9, 0, 0, 0, 0));
}

const typeOf = (g: Guest, sel: number): number => (g.r32(GDT + sel + 4) >> 8) & 0x1f;

describe('task switching', () => {
  it('CALL to a TSS runs the task, and IRET with NT returns through the back link', () => {
    const g = new Guest();
    const tss2 = makeTss(g, 0x7000, CODE0 + 0x100, 0x2e000, 0x77);
    g.code(CODE0, [0x9a, 0, 0, 0, 0, tss2, 0, 0xf4]); // call tss2:0; hlt
    g.code(CODE0 + 0x100, [0xa3, ...le(0x50000), 0x9c, 0x58, 0xa3, ...le(0x50004), 0xcf]); // mov [..],eax; pushf; pop eax; mov [..],eax; iret
    g.cpu.r32[0] = 0x1234;
    expect(g.cpu.run(100)).toBe('hlt');
    expect(g.r32(0x50000)).toBe(0x77);
    expect(g.r32(0x50004) & 0x4000).toBe(0x4000); // NT set inside the called task
    expect(g.cpu.r32[0]).toBe(0x1234); // the old task's registers came back from its TSS
    expect(g.cpu.eip).toBe(CODE0 + 8);
    expect(g.cpu.trSel).toBe(SEL_TSS);
    expect(g.view.getUint16(0x7000, true)).toBe(SEL_TSS); // back link
    expect(typeOf(g, tss2)).toBe(0x9);
    expect(typeOf(g, SEL_TSS)).toBe(0xb);
    expect(g.cpu.getEflags() & 0x4000).toBe(0);
    expect(g.cpu.cr0 & 8).toBe(8); // CR0.TS
  });

  it('delivers a double fault through a task gate onto the handler task stack', () => {
    const g = new Guest();
    const dfTss = makeTss(g, 0x7000, STUBS + 8 * 8, 0x2d000);
    g.w32(0x2000 + 8 * 8, dfTss << 16);
    g.w32(0x2000 + 8 * 8 + 4, 0x8500); // present task gate, DPL 0
    g.w32(0x2000 + 13 * 8 + 4, 0); // #GP gate invalid -> #DF
    g.code(CODE0, [0x31, 0xc0, 0x8e, 0xd0]); // xor eax,eax; mov ss,ax
    expect(g.cpu.run(20)).toBe('hlt');
    expect(g.cpu.trSel).toBe(dfTss);
    expect(g.cpu.eip).toBe(STUBS + 8 * 8 + 1);
    expect(g.cpu.r32[4]).toBe(0x2d000 - 4);
    expect(g.r32(0x2d000 - 4)).toBe(0); // error code
    expect(g.r32(TSS + 0x20)).toBe(CODE0 + 2); // the faulting EIP saved in the old TSS
  });

  it('refuses to JMP to a busy TSS with #GP(selector)', () => {
    const g = new Guest();
    g.code(CODE0, [0xea, 0, 0, 0, 0, SEL_TSS, 0]);
    g.cpu.run(10);
    expect(g.cpu.eip).toBe(STUBS + 13 * 8 + 1);
    expect(g.stack(1)).toEqual([SEL_TSS]);
  });
});
