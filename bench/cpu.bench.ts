// CPU speed benchmark (`npm run bench:cpu`): guest MIPS for (1) an ALU/branch/memory mix loop and
// (2) a REP-string-heavy loop, as the median of several timed runs after a warm-up run. Each run
// executes the guest program on a fresh CPU (flat 16 MiB RAM, paging on, ring 0) until HLT.
// For (2) a REP instruction retires as one instruction; the element rate is printed as well.
import { Cpu } from '../src/core/cpu/cpu';
import { FlatRam } from '../src/core/cpu/memory';

const le = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** (1) ALU/branch/memory mix: 15 instructions per iteration. */
function mixProgram(iterations: number): number[] {
  return [
    0xb9, ...le(iterations), // mov ecx, n
    0xbe, ...le(0x200000), // mov esi, 0x200000
    0x31, 0xdb, // xor ebx, ebx
    // loop:
    0x8b, 0x04, 0x9e, // mov eax, [esi+ebx*4]
    0x01, 0xc8, // add eax, ecx
    0x31, 0xc2, // xor edx, eax
    0x89, 0x14, 0x9e, // mov [esi+ebx*4], edx
    0x43, // inc ebx
    0x81, 0xe3, 0xff, 0x03, 0x00, 0x00, // and ebx, 0x3ff
    0x39, 0xd0, // cmp eax, edx
    0x74, 0x03, // je +3
    0x83, 0xea, 0x03, // sub edx, 3
    0xd1, 0xe2, // shl edx, 1
    0x8d, 0x3c, 0x47, // lea edi, [edi+eax*2]
    0x50, // push eax
    0x58, // pop eax
    0x49, // dec ecx
    0x0f, 0x85, ...le(-(3 + 2 + 2 + 3 + 1 + 6 + 2 + 2 + 3 + 2 + 3 + 1 + 1 + 1 + 6)), // jnz loop
    0xf4,
  ];
}

/** (2) REP-heavy: per iteration rep movsd (256), rep stosd (256), repe cmpsb (1024), and glue. */
function repProgram(iterations: number): number[] {
  const body = [
    0xbe, ...le(0x200000), // mov esi, src
    0xbf, ...le(0x300000), // mov edi, dst
    0xb9, ...le(256), 0xf3, 0xa5, // mov ecx, 256; rep movsd
    0xbf, ...le(0x400000), // mov edi, buf
    0xb9, ...le(256), 0xf3, 0xab, // mov ecx, 256; rep stosd
    0xbe, ...le(0x200000), 0xbf, ...le(0x300000), // mov esi, src; mov edi, dst
    0xb9, ...le(1024), 0xf3, 0xa6, // mov ecx, 1024; repe cmpsb
    0x4a, // dec edx
  ];
  return [
    0xba, ...le(iterations), // mov edx, n
    0xfc, // cld
    ...body,
    0x0f, 0x85, ...le(-(body.length + 6)), // jnz loop
    0xf4,
  ];
}

interface Sample {
  seconds: number;
  instructions: number;
}

function runOnce(program: number[]): Sample {
  const ram = new FlatRam(16 << 20);
  const cpu = new Cpu({ memory: ram, io: { read: () => 0xff, write: () => {} } });
  // identity-map 16 MiB with 4 MiB pages
  const pd = 0x100000;
  const view = new DataView(ram.bytes.buffer);
  for (let k = 0; k < 4; k++) view.setUint32(pd + 4 * k, (k << 22) | 0x87, true);
  cpu.cr3 = pd;
  cpu.cr4 |= 1 << 4;
  cpu.cr0 |= 0x80000000;
  cpu.flushTlb();
  ram.bytes.set(program, 0x1000);
  cpu.eip = 0x1000;
  cpu.r32[4] = 0x80000;
  const t0 = process.hrtime.bigint();
  const why = cpu.run(Number.MAX_SAFE_INTEGER);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (why !== 'hlt') throw new Error(`benchmark program stopped with ${why}`);
  return { seconds, instructions: cpu.instructions };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** `elementsPerRun`: REP elements the program moves (known statically), for the element rate. */
function bench(name: string, program: number[], runs: number, elementsPerRun = 0): void {
  runOnce(program); // warm-up (JIT)
  const mips: number[] = [];
  const eps: number[] = [];
  let instructions = 0;
  for (let r = 0; r < runs; r++) {
    const s = runOnce(program);
    instructions = s.instructions;
    mips.push(s.instructions / s.seconds / 1e6);
    if (elementsPerRun > 0) eps.push((s.instructions + elementsPerRun) / s.seconds / 1e6);
  }
  const extra = elementsPerRun > 0 ? `, ${median(eps).toFixed(1)} M instructions+elements/s` : '';
  console.log(`${name}: ${median(mips).toFixed(1)} MIPS (median of ${runs}, ${instructions} instructions per run${extra})`);
}

const MIX_ITERATIONS = 2_000_000;
const REP_ITERATIONS = 4_000;
console.log(`ExitScope CPU benchmark (node ${process.version})`);
bench('(1) ALU/branch/memory mix', mixProgram(MIX_ITERATIONS), 5);
bench('(2) REP string loop', repProgram(REP_ITERATIONS), 5, REP_ITERATIONS * (256 + 256 + 1024));
