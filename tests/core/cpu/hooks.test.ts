// Hypervisor hooks (exception intercept for the trap model, I/O intercept with the VT-x style
// exit information, VMCALL), fault EIP with prefixes, the guest clock and determinism.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { Guest, CODE0, CODE3, STUBS } from './guest';
import { IoAction, type IoExitInfo } from '../../../src/core/cpu/hooks';
import { IO_FORM_MNEMONICS, ioFormId } from '../../../src/core/cpu/io-forms';
import type { Cpu } from '../../../src/core/cpu/cpu';
import { vmxIoQualification, svmIoExitInfo1 } from '../../../src/core/cpu/io-exit';
import { emulateIoInstruction } from '../../../src/core/cpu/emulate';
import { saveCpuState, loadCpuState } from '../../../src/core/cpu/state';

describe('exception hook (trap model)', () => {
  it('sees the #GP of IN at CPL 3 with EIP at the instruction, emulates it and resumes', () => {
    const seen: string[] = [];
    const g = new Guest({
      exception: (c, vector, code) => {
        seen.push(`${vector}:${code}@${c.eip.toString(16)}`);
        if (vector !== 13) {
          c.requestStop();
          return true;
        }
        c.setReg(1, 0, 0x42); // emulate "in al, 0x60"
        c.eip += 2;
        return true;
      },
    });
    g.enterRing(3);
    g.code(CODE3, [0xe4, 0x60, 0x88, 0xc3, 0x0f, 0x0b]); // in al,0x60; mov bl,al; ud2
    expect(g.cpu.run(100)).toBe('stop');
    expect(seen).toEqual([`13:0@${CODE3.toString(16)}`, `6:0@${(CODE3 + 4).toString(16)}`]);
    expect(g.cpu.r8[12]).toBe(0x42); // BL
    expect(g.cpu.cpl).toBe(3);
  });

  it('lets the VMM emulate a trapped REP OUTSW completely and resume after it', () => {
    const g = new Guest({
      exception: (c, vector) => {
        if (vector === 13 && emulateIoInstruction(c) > 0) return true;
        c.requestStop();
        return true;
      },
    });
    g.enterRing(3);
    g.w32(0x5000, 0x22221111);
    // mov dx, 0x1f0; mov esi, 0x5000; mov ecx, 2; rep outsw; ud2
    g.code(CODE3, [0x66, 0xba, 0xf0, 0x01, 0xbe, 0, 0x50, 0, 0, 0xb9, 2, 0, 0, 0, 0xf3, 0x66, 0x6f, 0x0f, 0x0b]);
    expect(g.cpu.run(100)).toBe('stop');
    expect(g.ports.log).toEqual(['out2 1f0=1111', 'out2 1f0=2222']);
    expect([g.cpu.r32[1], g.cpu.r32[6], g.cpu.eip]).toEqual([0, 0x5004, CODE3 + 17]);
  });

  it('reports a fault at the first prefix byte', () => {
    let at = -1;
    const g = new Guest({ exception: (c) => ((at = c.eip), c.requestStop(), true) });
    g.code(CODE0, [0x90, 0x66, 0xf0, 0x01, 0xc0]); // nop; lock add ax, ax -> #UD
    g.cpu.run(10);
    expect(at).toBe(CODE0 + 1);
  });
});

describe('I/O hook (VT-x model)', () => {
  it('passes exit information and lets the hypervisor emulate a REP OUTSB', () => {
    const infos: IoExitInfo[] = [];
    const g = new Guest({
      io: (c, info) => {
        infos.push({ ...info });
        if (info.string) {
          c.r32[6] += c.r32[1]; // the hypervisor consumed the whole buffer
          c.r32[1] = 0;
          return IoAction.Done;
        }
        return IoAction.Execute;
      },
    });
    // mov dx,0x3f8; mov ecx,3; mov esi,0x5000; rep outsb; out 0x80, al; hlt
    g.code(CODE0, [0x66, 0xba, 0xf8, 0x03, 0xb9, 3, 0, 0, 0, 0xbe, 0, 0x50, 0, 0, 0xf3, 0x6e, 0xe6, 0x80, 0xf4]);
    expect(g.cpu.run(100)).toBe('hlt');
    expect(infos.map((i) => [i.port, i.size, i.input, i.string, i.rep, i.immediate, i.eip, i.length, IO_FORM_MNEMONICS[i.form]])).toEqual([
      [0x3f8, 1, false, true, true, false, CODE0 + 14, 2, 'rep outsb'],
      [0x80, 1, false, false, false, true, CODE0 + 16, 2, 'out imm8, al'],
    ]);
    expect(g.ports.log).toEqual(['out1 80=0']);
    expect(g.cpu.r32[6]).toBe(0x5003);
    expect(g.cpu.r32[1]).toBe(0);
  });

  it('resumes a REP INSB the hypervisor completes in page-sized pieces (Retry)', () => {
    let exits = 0;
    const g = new Guest({
      io: (c, info) => {
        exits++;
        // emulate at most 0x800 elements per exit, as a VMM splitting at page boundaries would
        const n = Math.min(c.r32[1], 0x800);
        for (let k = 0; k < n; k++) c.writeLin8((c.r32[7] + k) | 0, k & 0xff, false);
        c.r32[7] += n;
        c.r32[1] -= n;
        expect(info.rep).toBe(true);
        return c.r32[1] === 0 ? IoAction.Done : IoAction.Retry;
      },
    });
    // mov edi, 0x50000; mov ecx, 0x1800; mov dx, 0x1f0; rep insb; hlt
    g.code(CODE0, [0xbf, 0, 0, 5, 0, 0xb9, 0, 0x18, 0, 0, 0x66, 0xba, 0xf0, 0x01, 0xf3, 0x6c, 0xf4]);
    expect(g.cpu.run(100)).toBe('hlt');
    expect(exits).toBe(3);
    expect([g.cpu.r32[1], g.cpu.r32[7]]).toEqual([0, 0x51800]);
    expect(g.ram.bytes[0x50801]).toBe(1);
  });

  it('encodes the VT-x exit qualification and the AMD-V EXITINFO1', () => {
    const repInsw: IoExitInfo = {
      port: 0x1f0, size: 2, input: true, string: true, rep: true, immediate: false, addressSize: 4, segment: 0,
      eip: 0x1000, length: 3, form: ioFormId(true, true, true, false, 2),
    };
    // size 2 -> 1; IN -> bit 3; string bit 4; REP bit 5; DX -> bit 6 clear; port in 31:16
    expect(vmxIoQualification(repInsw)).toBe(0x01f00039);
    const outImm: IoExitInfo = { ...repInsw, port: 0x80, size: 1, input: false, string: false, rep: false, immediate: true };
    expect(vmxIoQualification(outImm)).toBe(0x00800040);
    // IN bit 0, STR bit 2, REP bit 3, SZ16 bit 5, A32 bit 8, ES (0) in 12:10
    expect(svmIoExitInfo1(repInsw)).toBe(0x01f0012d);
    expect(svmIoExitInfo1(outImm)).toBe(0x00800110);
  });

  it('numbers all 24 forms distinctly', () => {
    const ids = new Set<number>();
    for (const input of [true, false]) for (const size of [1, 2, 4] as const) {
      ids.add(ioFormId(input, false, false, true, size));
      ids.add(ioFormId(input, false, false, false, size));
      ids.add(ioFormId(input, true, false, false, size));
      ids.add(ioFormId(input, true, true, false, size));
    }
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, k) => k));
    expect(new Set(IO_FORM_MNEMONICS).size).toBe(24);
  });

  it('runs the privilege check before the hook', () => {
    let calls = 0;
    const g = new Guest({ io: () => (calls++, IoAction.Done) });
    g.enterRing(3);
    g.code(CODE3, [0xe4, 0x60]);
    g.cpu.run(10);
    expect(calls).toBe(0);
    expect(g.cpu.eip).toBe(STUBS + 13 * 8 + 1);
  });
});

describe('VMCALL', () => {
  it('calls the hook with EIP past the instruction', () => {
    let eipSeen = 0;
    const g = new Guest({ vmcall: (c) => ((eipSeen = c.eip), (c.r32[0] = 7)) });
    g.code(CODE0, [0x0f, 0x01, 0xc1, 0xf4]);
    expect(g.cpu.run(10)).toBe('hlt');
    expect(eipSeen).toBe(CODE0 + 3);
    expect(g.cpu.r32[0]).toBe(7);
  });

  it('raises #UD without a hook', () => {
    const g = new Guest();
    g.code(CODE0, [0x0f, 0x01, 0xc1]);
    g.cpu.run(10);
    expect(g.cpu.eip).toBe(STUBS + 6 * 8 + 1);
  });
});

describe('guest clock', () => {
  it('charges table cycles per instruction and RDTSC reads the counter', () => {
    const g = new Guest();
    g.code(CODE0, [0x90, 0x0f, 0x31, 0xf4]); // nop; rdtsc; hlt
    g.cpu.run(10);
    const t = g.cpu.cycleTable.classes;
    expect(g.cpu.r32[0]).toBe(t.nop[0]);
    expect(g.cpu.cycles).toBe(t.nop[0] + t.rdtsc[0] + t.hlt[0]);
  });
});

describe('cycle deadline', () => {
  it('stops with reason deadline once the clock reaches untilCycle (at a block boundary)', () => {
    const g = new Guest();
    g.code(CODE0, [0x40, 0xeb, 0xfd]); // l: inc eax; jmp l
    expect(g.cpu.run(1e9, 10_000)).toBe('deadline');
    expect(g.cpu.cycles).toBeGreaterThanOrEqual(10_000);
    expect(g.cpu.cycles).toBeLessThan(10_000 + 32 * 10);
    expect(g.cpu.run(1e9, 20_000)).toBe('deadline');
    expect(g.cpu.cycles).toBeGreaterThanOrEqual(20_000);
  });

  it('sees an interrupt line raised by plain assignment inside a hot loop', () => {
    let fired = false;
    const g = new Guest({ interruptAck: (c) => ((c.irqPending = false), 0x23) });
    g.cpu.io = { read: () => 0, write: () => void (fired || ((fired = true), (g.cpu.irqPending = true))) };
    g.cpu.compileAfter = 1;
    // sti; l: inc eax; cmp eax, 100; jne l2; out 0x80, al; l2: jmp l
    g.code(CODE0, [0xfb, 0x40, 0x83, 0xf8, 0x64, 0x75, 0x02, 0xe6, 0x80, 0xeb, 0xf6]);
    expect(g.cpu.run(100000)).toBe('hlt');
    expect(g.cpu.eip).toBe(STUBS + 0x23 * 8 + 1);
    expect(g.cpu.r32[0]).toBe(100);
  });
});

function stateHash(c: Cpu, ram: Uint8Array): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(c.regBuffer));
  h.update(JSON.stringify([c.eip, c.getEflags(), c.cycles, c.instructions, [...c.sel], c.cr0, c.cr2, c.cr3]));
  h.update(ram);
  return h.digest('hex');
}

describe('determinism', () => {
  it('gives the same final state and cycle count for the same program (state hash)', () => {
    const program = [
      0xb9, 0x00, 0x10, 0x00, 0x00, // mov ecx, 0x1000
      0xbe, 0x00, 0x00, 0x05, 0x00, // mov esi, 0x50000
      0x8b, 0x06, // l: mov eax, [esi]
      0x01, 0xc8, // add eax, ecx
      0xc1, 0xc0, 0x03, // rol eax, 3
      0x89, 0x06, // mov [esi], eax
      0x0f, 0xaf, 0xc1, // imul eax, ecx
      0x31, 0xc3, // xor ebx, eax
      0x83, 0xc6, 0x04, // add esi, 4
      0x0f, 0x31, // rdtsc
      0x01, 0xc7, // add edi, eax
      0xe2, 0xe8, // loop l
      0xf4,
    ];
    const hashes = [0, 1].map(() => {
      const g = new Guest();
      g.pageIdentity();
      g.code(CODE0, program);
      expect(g.cpu.run(1e6)).toBe('hlt');
      return stateHash(g.cpu, g.ram.bytes);
    });
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('resumes identically from a saved state (JSON round trip) on another CPU', () => {
    const program = [0xb9, 0x00, 0x04, 0x00, 0x00, 0x01, 0xc8, 0xd1, 0xc0, 0x0f, 0x31, 0x31, 0xc3, 0xe2, 0xf6, 0xf4];
    const whole = new Guest();
    whole.pageIdentity();
    whole.code(CODE0, program);
    whole.cpu.run(1e6);
    const a = new Guest();
    a.pageIdentity();
    a.code(CODE0, program);
    expect(a.cpu.run(777)).toBe('budget');
    const snapshot = JSON.parse(JSON.stringify(saveCpuState(a.cpu)));
    const b = new Guest();
    b.ram.bytes.set(a.ram.bytes);
    loadCpuState(b.cpu, snapshot);
    expect(b.cpu.run(1e6)).toBe('hlt');
    expect(stateHash(b.cpu, b.ram.bytes)).toBe(stateHash(whole.cpu, whole.ram.bytes));
  });
});
