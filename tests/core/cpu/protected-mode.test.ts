// Protected-mode behaviour with small hand-assembled guest programs: I/O privilege (IOPL and the
// TSS bitmap), CLI/HLT/POPF rules, IDT delivery with the ring-3 -> ring-0 stack switch, INT/IRET,
// #GP error codes, double and triple faults, and external interrupts.
import { describe, it, expect } from 'vitest';
import { Guest, CODE0, CODE3, STACK0, STACK3, STUBS, SEL_CODE3, SEL_DATA3 } from './guest';

const stubEnd = (v: number): number => STUBS + v * 8 + 1;

describe('I/O privilege', () => {
  it('allows bitmap-permitted ports at CPL 3 and raises #GP(0) with a ring-0 stack switch otherwise', () => {
    const g = new Guest();
    g.allowPorts(0x3f8, 8);
    g.enterRing(3);
    // mov dx, 0x3f8; mov al, 0x41; out dx, al; in al, 0x60
    g.code(CODE3, [0x66, 0xba, 0xf8, 0x03, 0xb0, 0x41, 0xee, 0xe4, 0x60]);
    const c = g.cpu;
    const flagsBefore = c.getEflags();
    expect(c.run(100)).toBe('hlt');
    expect(g.ports.log).toEqual(['out1 3f8=41']);
    expect(c.eip).toBe(stubEnd(13));
    expect(c.cpl).toBe(0);
    expect(c.r32[4]).toBe(STACK0 - 24);
    // error code, EIP of the IN, CS, EFLAGS, ESP, SS
    expect(g.stack(6)).toEqual([0, CODE3 + 7, SEL_CODE3, flagsBefore, STACK3, SEL_DATA3]);
  });

  it('checks every byte of a wider access against the bitmap', () => {
    const g = new Guest();
    g.allowPorts(0x3ff, 1);
    g.enterRing(3);
    g.code(CODE3, [0x66, 0xba, 0xff, 0x03, 0xec, 0x66, 0xed]); // mov dx,0x3ff; in al,dx; in ax,dx
    expect(g.cpu.run(100)).toBe('hlt');
    expect(g.ports.log).toEqual(['in1 3ff']);
    expect(g.stack(2)).toEqual([0, CODE3 + 5]);
  });

  it('skips the bitmap when CPL <= IOPL', () => {
    const g = new Guest();
    g.enterRing(3);
    g.cpu.setEflags(g.cpu.getEflags() | (3 << 12));
    g.code(CODE3, [0xe4, 0x60, 0x0f, 0x0b]); // in al, 0x60; ud2
    expect(g.cpu.run(100)).toBe('hlt');
    expect(g.ports.log).toEqual(['in1 60']);
    expect(g.cpu.eip).toBe(stubEnd(6));
  });
});

describe('privileged instructions at CPL 3', () => {
  for (const [name, bytes] of [['cli', [0xfa]], ['hlt', [0xf4]], ['mov cr3, eax', [0x0f, 0x22, 0xd8]], ['lgdt', [0x0f, 0x01, 0x15, 0, 0, 0, 0]]] as const) {
    it(`${name} raises #GP(0)`, () => {
      const g = new Guest();
      g.enterRing(3);
      g.code(CODE3, [...bytes]);
      expect(g.cpu.run(10)).toBe('hlt');
      expect(g.cpu.eip).toBe(stubEnd(13));
      expect(g.stack(2)).toEqual([0, CODE3]);
    });
  }

  it('POPF at CPL 3 cannot change IOPL or IF (CPL > IOPL)', () => {
    const g = new Guest();
    g.enterRing(3);
    // push 0x3201 (IOPL 3, IF, CF); popf; ud2
    g.code(CODE3, [0x68, 0x01, 0x32, 0x00, 0x00, 0x9d, 0x0f, 0x0b]);
    g.cpu.run(10);
    const pushed = g.stack(3)[2]; // EFLAGS in the #UD frame (EIP, CS, EFLAGS)
    expect(pushed & 0x3000).toBe(0);
    expect(pushed & 0x200).toBe(0);
    expect(pushed & 1).toBe(1);
  });
});

describe('INT and IRET', () => {
  it('INT 0x80 through a DPL-3 gate runs the ring-0 handler and IRET returns to ring 3', () => {
    const g = new Guest();
    g.setGate(0x80, CODE0, 0xf, 3);
    g.code(CODE0, [0xbb, 0x55, 0x00, 0x00, 0x00, 0xcf]); // mov ebx, 0x55; iret
    g.enterRing(3);
    g.code(CODE3, [0xcd, 0x80, 0xb8, 0x34, 0x12, 0x00, 0x00, 0x0f, 0x0b]); // int 0x80; mov eax,0x1234; ud2
    const c = g.cpu;
    expect(c.run(100)).toBe('hlt');
    expect(c.r32[3]).toBe(0x55);
    expect(c.r32[0]).toBe(0x1234);
    expect(c.eip).toBe(stubEnd(6));
    expect(g.stack(5)).toEqual([CODE3 + 7, SEL_CODE3, expect.any(Number), STACK3, SEL_DATA3]);
  });

  it('INT n through a DPL-0 gate from ring 3 raises #GP(n*8+2)', () => {
    const g = new Guest();
    g.enterRing(3);
    g.code(CODE3, [0xcd, 0x80]);
    expect(g.cpu.run(10)).toBe('hlt');
    expect(g.cpu.eip).toBe(stubEnd(13));
    expect(g.stack(2)).toEqual([0x80 * 8 + 2, CODE3]);
  });

  it('a not-present gate raises #NP with the IDT error code (EXT set for exceptions)', () => {
    const g = new Guest();
    g.w32(0x2000 + 6 * 8 + 4, g.r32(0x2000 + 6 * 8 + 4) & ~0x8000);
    g.code(CODE0, [0x0f, 0x0b]);
    expect(g.cpu.run(10)).toBe('hlt');
    expect(g.cpu.eip).toBe(stubEnd(11));
    expect(g.stack(2)).toEqual([6 * 8 + 2 + 1, CODE0]);
  });
});

describe('double and triple faults', () => {
  it('a #GP whose gate is missing becomes #DF with error code 0', () => {
    const g = new Guest();
    g.w32(0x2000 + 13 * 8 + 4, 0); // gate 13: type 0 -> #GP on delivery
    g.code(CODE0, [0x31, 0xc0, 0x8e, 0xd0]); // xor eax,eax; mov ss, ax -> #GP(0)
    expect(g.cpu.run(10)).toBe('hlt');
    expect(g.cpu.eip).toBe(stubEnd(8));
    expect(g.stack(2)).toEqual([0, CODE0 + 2]);
  });

  it('stops the machine with reason triple-fault when #DF cannot be delivered', () => {
    const g = new Guest();
    g.cpu.idtLimit = 0;
    g.code(CODE0, [0x0f, 0x0b]);
    expect(g.cpu.run(10)).toBe('triple-fault');
    expect(g.cpu.shutdown).toBe(true);
    expect(g.cpu.run(10)).toBe('triple-fault');
  });
});

describe('x87 escapes', () => {
  it('raise #NM with CR0.EM set (so a kernel can emulate the FPU), after decoding their ModRM', () => {
    const g = new Guest();
    g.cpu.cr0 |= 4; // EM
    g.code(CODE0, [0xdd, 0x05, 0x00, 0x00, 0x05, 0x00]); // fld qword [0x50000]
    g.cpu.run(10);
    expect(g.cpu.eip).toBe(stubEnd(7));
    expect(g.stack(1)).toEqual([CODE0]);
  });
});

describe('single-step', () => {
  it('raises #DB after the first instruction that starts with TF = 1', () => {
    const g = new Guest();
    // pushf; or dword [esp], 0x100; popf; inc eax; inc eax; hlt
    g.code(CODE0, [0x9c, 0x81, 0x0c, 0x24, 0x00, 0x01, 0x00, 0x00, 0x9d, 0x40, 0x40, 0xf4]);
    expect(g.cpu.run(100)).toBe('hlt');
    expect(g.cpu.r32[0]).toBe(1);
    expect(g.cpu.eip).toBe(stubEnd(1));
    expect(g.stack(1)).toEqual([CODE0 + 10]);
    expect(g.cpu.dr[6] & 0x4000).toBe(0x4000);
    expect(g.cpu.getEflags() & 0x100).toBe(0);
  });
});

describe('external interrupts', () => {
  it('wakes HLT and delivers the acknowledged vector when IF = 1', () => {
    let acks = 0;
    const g = new Guest({
      interruptAck: (c) => {
        acks++;
        c.irqPending = false;
        return 0x20;
      },
    });
    g.code(CODE0, [0xfb, 0xf4, 0x90]); // sti; hlt; nop
    const c = g.cpu;
    expect(c.run(100)).toBe('hlt');
    expect(c.eip).toBe(CODE0 + 2);
    c.irqPending = true;
    expect(c.run(100)).toBe('hlt');
    expect(acks).toBe(1);
    expect(c.eip).toBe(stubEnd(0x20));
    expect(g.stack(1)).toEqual([CODE0 + 2]);
  });

  it('takes an interrupt raised by an OUT in the middle of a hot loop at the next boundary', () => {
    let raised = false;
    const g = new Guest({ interruptAck: (c) => (c.setIrq(false), 0x22) });
    g.cpu.io = {
      read: () => 0,
      write: () => {
        if (!raised) g.cpu.setIrq((raised = true));
      },
    };
    g.cpu.compileAfter = 2;
    // sti; mov ecx, 1000; l: inc eax; cmp ecx, 500; jne +2; out 0x80, al; dec ecx; jnz l; hlt
    g.code(CODE0, [0xfb, 0xb9, 0xe8, 0x03, 0x00, 0x00, 0x40, 0x81, 0xf9, 0xf4, 0x01, 0x00, 0x00, 0x75, 0x02, 0xe6, 0x80, 0x49, 0x75, 0xf2, 0xf4]);
    expect(g.cpu.run(1e6)).toBe('hlt');
    expect(g.cpu.eip).toBe(stubEnd(0x22));
    expect(g.cpu.r32[1]).toBe(500);
    expect(g.stack(1)).toEqual([CODE0 + 17]);
  });

  it('holds the interrupt for one instruction after STI', () => {
    const g = new Guest({ interruptAck: (c) => ((c.irqPending = false), 0x21) });
    g.code(CODE0, [0xfb, 0x40, 0x40, 0xf4]); // sti; inc eax; inc eax; hlt
    g.cpu.irqPending = true;
    g.cpu.run(100);
    expect(g.cpu.r32[0]).toBe(1);
    expect(g.stack(1)).toEqual([CODE0 + 2]);
  });
});
