// The block compiler must be invisible: the same programs run interpreted only
// (compileAfter = Infinity) and with compilation from the first repeat must end in the same
// registers, flags, memory, cycle and instruction counts, including when a fault lands in the
// middle of a compiled block and when the budget ends inside a loop.
import { describe, it, expect } from 'vitest';
import { Guest, CODE0 } from './guest';

const le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

interface Outcome {
  why: string;
  regs: number[];
  eip: number;
  flags: number;
  cycles: number;
  instructions: number;
  mem: number[];
}

function runBoth(program: number[], setup: (g: Guest) => void, budget = 1e6): Outcome[] {
  return [Infinity, 1].map((compileAfter) => {
    const g = new Guest();
    g.cpu.compileAfter = compileAfter;
    setup(g);
    g.code(CODE0, program);
    const why = g.cpu.run(budget);
    return {
      why, regs: [...g.cpu.r32], eip: g.cpu.eip, flags: g.cpu.getEflags(), cycles: g.cpu.cycles,
      instructions: g.cpu.instructions, mem: Array.from(g.ram.bytes.subarray(0x50000, 0x50400)).concat(g.stack(8)),
    };
  });
}

// loop: mov eax,[esi]; add eax,ecx; xor edx,eax; mov [esi],edx; inc ebx; and ebx,0xff; cmp eax,edx;
//       adc edi,eax; push eax; pop ebp; lea esi,[esi+4]; shl edx,1; dec ecx; jnz loop; hlt
const LOOP = [
  0x8b, 0x06, 0x01, 0xc8, 0x31, 0xc2, 0x89, 0x16, 0x43, 0x81, 0xe3, 0xff, 0x00, 0x00, 0x00, 0x39, 0xd0,
  0x11, 0xc7, 0x50, 0x5d, 0x8d, 0x76, 0x04, 0xd1, 0xe2, 0x49,
];
const loopProgram = (count: number): number[] => [
  0xb9, ...le(count), 0xbe, ...le(0x50000),
  ...LOOP, 0x75, (256 - (LOOP.length + 2)) & 0xff, 0xf4,
];

describe('decoded-block cache keys', () => {
  it('re-decodes physical code reached at another linear address (aliased page)', () => {
    const g = new Guest();
    // page 0x60 and page 0x61 both map physical 0x60000: call 0x60000; call 0x61000; hlt
    g.pageIdentity((p) => (p === 0x61 ? 0x60000 - 0x61000 + 7 : 7));
    g.w32(g.pte(0x61), 0x60007);
    g.cpu.flushTlb();
    // at 0x60000: call next; next: pop eax; add ebx, eax; ret  (EAX = address of `next` as seen)
    g.code(0x60000, [0xe8, 0, 0, 0, 0, 0x58, 0x01, 0xc3, 0xc3]);
    g.code(CODE0, [0xe8, ...le(0x60000 - (CODE0 + 5)), 0xe8, ...le(0x61000 - (CODE0 + 10)), 0xf4]);
    expect(g.cpu.run(100)).toBe('hlt');
    expect(g.cpu.r32[3]).toBe(0x60005 + 0x61005);
  });
});

describe('compiled blocks match the interpreter', () => {
  it('for an ALU/memory/branch loop', () => {
    const [a, b] = runBoth(loopProgram(200), (g) => g.pageIdentity());
    expect(b).toEqual(a);
    expect(a.why).toBe('hlt');
  });

  it('when a page fault hits the middle of a compiled block', () => {
    // 0x51000 is not present: the loop walks ESI into it after 1024 bytes
    const [a, b] = runBoth(loopProgram(100000), (g) => g.pageIdentity((p) => (p === 0x51 ? 0 : 7)));
    expect(b).toEqual(a);
    expect(a.regs[6]).toBe(0x51000);
  });

  it('when a push faults on an unmapped stack page inside a compiled loop', () => {
    // mov esp, 0x52010; mov ecx, 100; l: push eax; inc eax; pop ebx; push ebx; dec ecx; jnz l; hlt
    const program = [0xbc, ...le(0x52010), 0xb9, ...le(100), 0x50, 0x40, 0x5b, 0x53, 0x49, 0x75, 0xf9, 0xf4];
    const [a, b] = runBoth(program, (g) => g.pageIdentity((p) => (p === 0x51 ? 0 : 7)));
    expect(b).toEqual(a);
    expect(a.regs[4]).toBeLessThanOrEqual(0x52000);
  });

  it('when the budget ends inside the loop', () => {
    const [a, b] = runBoth(loopProgram(1000), (g) => g.pageIdentity(), 777);
    expect(b).toEqual(a);
    expect(a.why).toBe('budget');
    expect(a.instructions).toBe(777);
  });

  it('for REP string bulk paths versus element loops', () => {
    // mov esi,0x50000; mov edi,0x50100; mov ecx,0x40; rep movsd; mov edi,0x50200; mov eax,0x1234;
    // mov ecx,0x40; rep stosw; mov esi,0x50000; mov edi,0x50100; mov ecx,0x100; repe cmpsb; hlt
    const program = [
      0xbe, ...le(0x50000), 0xbf, ...le(0x50100), 0xb9, ...le(0x40), 0xf3, 0xa5,
      0xbf, ...le(0x50200), 0xb8, ...le(0x1234), 0xb9, ...le(0x40), 0xf3, 0x66, 0xab,
      0xbe, ...le(0x50000), 0xbf, ...le(0x50100), 0xb9, ...le(0x100), 0xf3, 0xa6, 0xf4,
    ];
    const setup = (g: Guest): void => {
      for (let k = 0; k < 0x100; k++) g.ram.bytes[0x50000 + k] = (k * 7) & 0xff;
    };
    const [a, b] = runBoth(program, setup);
    expect(b).toEqual(a);
    const g = new Guest();
    setup(g);
    g.code(CODE0, program);
    g.cpu.run(100);
    const src = Array.from(g.ram.bytes.subarray(0x50000, 0x50100));
    expect(Array.from(g.ram.bytes.subarray(0x50100, 0x50200))).toEqual(src);
    expect(Array.from(g.ram.bytes.subarray(0x50200, 0x50280))).toEqual(Array.from({ length: 0x80 }, (_, k) => (k & 1 ? 0x12 : 0x34)));
    expect([g.cpu.r32[1], g.cpu.r32[6], g.cpu.r32[7]]).toEqual([0, 0x50100, 0x50200]);
    expect(g.cpu.getEflags() & 0x40).toBe(0x40);
  });

  it('replicates bytes for an overlapping forward REP MOVSB (the memset idiom)', () => {
    const g = new Guest();
    g.ram.bytes[0x50000] = 0xab;
    // mov esi,0x50000; mov edi,0x50001; mov ecx,16; rep movsb; hlt
    g.code(CODE0, [0xbe, ...le(0x50000), 0xbf, ...le(0x50001), 0xb9, ...le(16), 0xf3, 0xa4, 0xf4]);
    g.cpu.run(100);
    expect(Array.from(g.ram.bytes.subarray(0x50000, 0x50012))).toEqual([...Array(17).fill(0xab), 0]);
  });
});

describe('conditional jumps compiled from the flags of the instruction before them', () => {
  // operand pairs: equal, unsigned/signed less and greater, sign boundaries, zero and carry results
  const PAIRS = [
    [5, 5], [1, 2], [2, 1], [-1, 1], [1, -1], [0x7fffffff, -0x80000000], [-0x80000000, 0x7fffffff], [0, 0],
    [-1, -1], [0x80, 0x7f], [0x7f, 0x80], [0xff, 1], [1, 0xff], [-2, -1], [0x100, 0x1ff], [0, -1],
  ];
  const PRODUCERS: Record<string, number[]> = {
    'cmp eax,ebx': [0x39, 0xd8], 'sub eax,ebx': [0x29, 0xd8], 'test eax,ebx': [0x85, 0xd8], 'and eax,ebx': [0x21, 0xd8],
    'add eax,ebx': [0x01, 0xd8], 'inc eax': [0x40], 'dec eax': [0x48], 'cmp al,bl': [0x38, 0xd8], 'test al,bl': [0x84, 0xd8],
    'sub al,bl': [0x28, 0xd8], 'shl eax,1': [0xd1, 0xe0], 'test eax,imm': [0xa9, ...le(0x80000001)], 'cmp eax,5': [0x83, 0xf8, 0x05],
    'xor eax,ebx': [0x31, 0xd8],
  };
  for (const [name, producer] of Object.entries(PRODUCERS)) {
    it(`after ${name}, for all 16 conditions`, () => {
      for (let cc = 0; cc < 16; cc++) {
        // l: mov eax,[esi]; mov ebx,[esi+4]; PRODUCER; jcc +1; inc edx; add esi,8; dec ecx; jnz l; hlt
        const body = [0x8b, 0x06, 0x8b, 0x5e, 0x04, ...producer, 0x70 | cc, 0x01, 0x42, 0x83, 0xc6, 0x08, 0x49];
        const program = [0xb9, ...le(PAIRS.length * 4), 0xbe, ...le(0x50000), 0x31, 0xd2, ...body, 0x75, (256 - (body.length + 2)) & 0xff, 0xf4];
        const [a, b] = runBoth(program, (g) => {
          g.pageIdentity();
          for (let rep = 0; rep < 4; rep++) {
            PAIRS.forEach(([x, y], k) => {
              g.w32(0x50000 + (rep * PAIRS.length + k) * 8, x! >>> 0);
              g.w32(0x50004 + (rep * PAIRS.length + k) * 8, y! >>> 0);
            });
          }
        });
        expect({ cc, ...b }).toEqual({ cc, ...a });
      }
    });
  }
});
