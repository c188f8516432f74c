// Segmentation and far transfers: call gates with a privilege change and parameter copy, RETF
// back to the outer ring, same-level far CALL/RETF, segment limit and expand-down checks, the
// MOV Sreg privilege/presence checks, and self-modifying code.
import { describe, it, expect } from 'vitest';
import { Guest, segDesc, CODE0, CODE3, STACK0, STACK3, STUBS, SEL_CODE0, SEL_CODE3, SEL_DATA3 } from './guest';

const stubEnd = (v: number): number => STUBS + v * 8 + 1;
const le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

function callGate(target: number, sel: number, dpl: number, params: number): [number, number] {
  return [(target & 0xffff) | (sel << 16), (target & 0xffff0000) | 0x8000 | (dpl << 13) | (0xc << 8) | params];
}

describe('far transfers', () => {
  it('CALL through a call gate switches to the ring-0 stack, copies parameters, and RETF n returns', () => {
    const g = new Guest();
    const gate = g.addDescriptor(callGate(CODE0, SEL_CODE0, 3, 2)) | 3;
    // ring 0: mov eax,[esp+8]; mov ebx,[esp+12]; mov ecx,[esp+16]; mov edx,[esp+20]; mov esi,[esp+4]; retf 8
    g.code(CODE0, [0x8b, 0x44, 0x24, 0x08, 0x8b, 0x5c, 0x24, 0x0c, 0x8b, 0x4c, 0x24, 0x10, 0x8b, 0x54, 0x24, 0x14,
      0x8b, 0x74, 0x24, 0x04, 0xca, 0x08, 0x00]);
    g.enterRing(3);
    // push 0x11; push 0x22; call gate:0; ud2
    g.code(CODE3, [0x6a, 0x11, 0x6a, 0x22, 0x9a, 0, 0, 0, 0, gate & 0xff, gate >> 8, 0x0f, 0x0b]);
    const c = g.cpu;
    expect(c.run(100)).toBe('hlt');
    expect([c.r32[0], c.r32[3], c.r32[1], c.r32[2], c.r32[6]]).toEqual([0x22, 0x11, STACK3 - 8, SEL_DATA3, SEL_CODE3]);
    // back in ring 3 with the parameters popped, then #UD from the UD2
    expect(c.eip).toBe(stubEnd(6));
    expect(g.stack(5, STACK0 - 20)).toEqual([CODE3 + 11, SEL_CODE3, expect.any(Number), STACK3, SEL_DATA3]);
  });

  it('far CALL and RETF at the same privilege level', () => {
    const g = new Guest();
    // call 0x08:CODE0+0x20; hlt ... at +0x20: mov eax, 5; retf
    g.code(CODE0, [0x9a, ...le(CODE0 + 0x20), SEL_CODE0, 0, 0xf4]);
    g.code(CODE0 + 0x20, [0xb8, 5, 0, 0, 0, 0xcb]);
    expect(g.cpu.run(20)).toBe('hlt');
    expect(g.cpu.r32[0]).toBe(5);
    expect(g.cpu.eip).toBe(CODE0 + 8);
    expect(g.cpu.r32[4]).toBe(STACK0);
  });

  it('far JMP to a more privileged non-conforming segment raises #GP(selector)', () => {
    const g = new Guest();
    g.enterRing(3);
    g.code(CODE3, [0xea, ...le(CODE0), SEL_CODE0, 0]);
    g.cpu.run(10);
    expect(g.cpu.eip).toBe(stubEnd(13));
    expect(g.stack(2)).toEqual([SEL_CODE0, CODE3]);
  });
});

describe('16-bit code segments', () => {
  it('decodes with 16-bit default operand and address size after a far jump', () => {
    const g = new Guest();
    const code16 = g.addDescriptor(segDesc(0x40000, 0xffff, 0xb, 0, 1, 0, 0));
    // 32-bit: jmp far code16:0x10 ; 16-bit at 0x40010: mov ax, 0x1234; mov [bx+si], ax (0x89 0x00); 66 mov ecx, imm32; hlt
    g.code(CODE0, [0xea, ...le(0x10), code16, 0]);
    g.code(0x40010, [0xb8, 0x34, 0x12, 0x89, 0x00, 0x66, 0xb9, ...le(0xdeadbeef), 0xf4]);
    g.cpu.r32[3] = 0x100;
    g.cpu.r32[6] = 0x20;
    expect(g.cpu.run(20)).toBe('hlt');
    expect(g.cpu.r16[0]).toBe(0x1234);
    expect(g.r32(0x120) & 0xffff).toBe(0x1234);
    expect(g.cpu.r32[1] >>> 0).toBe(0xdeadbeef);
    expect(g.cpu.eip).toBe(0x1c);
  });
});

describe('segment checks', () => {
  it('enforces the limit of a data segment with a base', () => {
    const g = new Guest();
    const sel = g.addDescriptor(segDesc(0x50000, 0xfff, 0x3, 0, 1, 1, 0));
    g.w32(0x50ffc, 0xcafe);
    // mov ax, sel; mov ds, ax; mov eax, [0xffc]; mov ebx, [0xffd]
    g.code(CODE0, [0x66, 0xb8, sel, 0, 0x8e, 0xd8, 0xa1, ...le(0xffc), 0x8b, 0x1d, ...le(0xffd)]);
    g.cpu.run(20);
    expect(g.cpu.r32[0]).toBe(0xcafe);
    expect(g.cpu.eip).toBe(stubEnd(13));
    expect(g.stack(2)).toEqual([0, CODE0 + 11]);
  });

  it('treats expand-down limits as the lowest invalid offset', () => {
    const g = new Guest();
    const sel = g.addDescriptor(segDesc(0, 0xfff, 0x7, 0, 1, 1, 0));
    g.code(CODE0, [0x66, 0xb8, sel, 0, 0x8e, 0xc0, 0x26, 0xa1, ...le(0x1000), 0x26, 0xa1, ...le(0xfff)]);
    g.cpu.run(20);
    expect(g.cpu.eip).toBe(stubEnd(13));
    expect(g.stack(2)).toEqual([0, CODE0 + 12]);
  });

  it('raises #SS for a stack access beyond the SS limit', () => {
    const seen: number[] = [];
    const g = new Guest({ exception: (c, v) => (seen.push(v), c.requestStop(), true) });
    const sel = g.addDescriptor(segDesc(0, 0xffff, 0x3, 0, 1, 1, 0));
    // mov ax, sel; mov ss, ax; mov esp, 0x10000; push eax
    g.code(CODE0, [0x66, 0xb8, sel, 0, 0x8e, 0xd0, 0xbc, ...le(0x10002), 0x50]);
    expect(g.cpu.run(20)).toBe('stop');
    expect(seen).toEqual([12]);
    expect(g.cpu.eip).toBe(CODE0 + 11);
    expect(g.cpu.r32[4]).toBe(0x10002);
  });

  it('MOV DS checks privilege and presence', () => {
    const g = new Guest();
    const notPresent = g.addDescriptor(segDesc(0, 0xfffff, 0x3, 3)) | 3;
    g.w32(0x1000 + (notPresent & ~7) + 4, g.r32(0x1000 + (notPresent & ~7) + 4) & ~0x8000);
    g.enterRing(3);
    // mov ax, 0x10 (DPL 0 data); mov ds, ax -> #GP(0x10)
    g.code(CODE3, [0x66, 0xb8, 0x10, 0x00, 0x8e, 0xd8]);
    g.cpu.run(10);
    expect(g.stack(2)).toEqual([0x10, CODE3 + 4]);
    const h = new Guest();
    const np = h.addDescriptor(segDesc(0, 0xfffff, 0x3, 0));
    h.w32(0x1000 + np + 4, h.r32(0x1000 + np + 4) & ~0x8000);
    h.code(CODE0, [0x66, 0xb8, np, 0x00, 0x8e, 0xd8]);
    h.cpu.run(10);
    expect(h.cpu.eip).toBe(stubEnd(11));
    expect(h.stack(1)).toEqual([np]);
  });
});

describe('16-bit stacks, LSS and the LDT', () => {
  it('wraps SP within a 16-bit stack segment and keeps the high half of ESP', () => {
    const g = new Guest();
    const ss16 = g.addDescriptor(segDesc(0x60000, 0xffff, 0x3, 0, 1, 0, 0));
    g.w32(0x50000, 0x0004);
    g.w32(0x50004, ss16);
    // lss esp, [0x50000] (ESP = 4, SS = 16-bit); push eax; push ebx; pop ecx; call +0; hlt
    g.code(CODE0, [0x0f, 0xb2, 0x25, ...le(0x50000), 0x50, 0x53, 0x59, 0xe8, 0, 0, 0, 0, 0xf4]);
    g.cpu.r32[0] = 0x11111111;
    g.cpu.r32[3] = 0x22222222;
    g.cpu.r32[4] = 0xabcd0000;
    expect(g.cpu.run(20)).toBe('hlt');
    expect(g.cpu.r32[1]).toBe(0x22222222);
    // SP: 4 -> 0 -> 0xfffc (wraps) -> 0 -> 0xfffc (call); the high half of ESP comes from LSS (0)
    expect(g.cpu.r32[4]).toBe(0xfffc);
    expect(g.r32(0x60000)).toBe(0x11111111);
    expect(g.r32(0x60000 + 0xfffc)).toBe(CODE0 + 15);
  });

  it('loads data segments from the LDT', () => {
    const g = new Guest();
    const ldtBase = 0x58000;
    const [lo, hi] = segDesc(0x70000, 0xfff, 0x3, 0, 1, 1, 0);
    g.w32(ldtBase + 8, lo);
    g.w32(ldtBase + 12, hi);
    const ldtSel = g.addDescriptor(segDesc(ldtBase, 0xf, 0x2, 0, 0, 0, 0));
    g.w32(0x70010, 0x5150);
    // mov ax, ldtSel; lldt ax; mov ax, 0x0c (index 1, TI); mov fs, ax; mov eax, fs:[0x10]; sldt bx; hlt
    g.code(CODE0, [0x66, 0xb8, ldtSel, 0, 0x0f, 0x00, 0xd0, 0x66, 0xb8, 0x0c, 0, 0x8e, 0xe0, 0x64, 0xa1, ...le(0x10), 0x0f, 0x00, 0xc3, 0xf4]);
    expect(g.cpu.run(20)).toBe('hlt');
    expect(g.cpu.r32[0]).toBe(0x5150);
    expect(g.cpu.r16[6]).toBe(ldtSel);
  });
});

describe('descriptor inspection', () => {
  it('LAR, LSL, VERR and VERW report access rights, limits and permissions', () => {
    const g = new Guest();
    const ro = g.addDescriptor(segDesc(0, 0x1234, 0x1, 3, 1, 1, 0)); // read-only data, DPL 3
    g.enterRing(3);
    // mov cx, ro|3; lar eax, ecx; lsl ebx, ecx; verr cx; setz dl; verw cx; setz dh; mov cx, 0x10; lar esi, ecx; setz al... ; ud2
    g.code(CODE3, [
      0x66, 0xb9, ro | 3, 0x00, 0x0f, 0x02, 0xc1, 0x0f, 0x03, 0xd9,
      0x0f, 0x00, 0xe1, 0x0f, 0x94, 0xc2, 0x0f, 0x00, 0xe9, 0x0f, 0x94, 0xc6,
      0x66, 0xb9, 0x10, 0x00, 0x0f, 0x02, 0xf1, 0x0f, 0x94, 0xc1, 0x0f, 0x0b,
    ]);
    g.cpu.r32[6] = 0x5555;
    g.cpu.run(50);
    const c = g.cpu;
    expect((c.r32[0] >>> 8) & 0xff).toBe(0xf1); // P, DPL 3, S, type 1 (accessed on load: not loaded, so 1 as written)
    expect(c.r32[3]).toBe(0x1234);
    expect([c.r8[8], c.r8[9]]).toEqual([1, 0]); // VERR ok, VERW not writable
    expect(c.r32[6]).toBe(0x5555); // DPL-0 data not visible from ring 3: LAR fails
    expect(c.r8[4]).toBe(0);
  });
});

describe('self-modifying code', () => {
  it('sees a store into the next instruction of the same block', () => {
    const g = new Guest();
    // mov byte [CODE0+7], 0x41 (inc ecx); nop; hlt
    g.code(CODE0, [0xc6, 0x05, ...le(CODE0 + 7), 0x41, 0x90, 0xf4]);
    g.cpu.run(10);
    expect(g.cpu.r32[1]).toBe(1);
  });

  it('sees patched code inside a hot (compiled) loop', () => {
    const g = new Guest();
    g.cpu.compileAfter = 2;
    // l: inc eax (patched to inc ebx after 50 rounds) ; cmp eax, 50; jne skip; mov byte [l], 0x43; skip: dec ecx; jnz l; hlt
    const l = CODE0 + 5;
    g.code(CODE0, [0xb9, ...le(100),
      0x40, 0x83, 0xf8, 0x32, 0x75, 0x07, 0xc6, 0x05, ...le(l), 0x43, 0x49, 0x75, 0xf0, 0xf4]);
    expect(g.cpu.run(10000)).toBe('hlt');
    expect([g.cpu.r32[0], g.cpu.r32[3]]).toEqual([50, 50]);
  });
});
