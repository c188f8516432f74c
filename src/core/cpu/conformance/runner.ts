// Runs single-instruction vectors on a conformance machine: CPL 0, flat 4 GiB segments, paging
// off, sparse zero-filled RAM with init.mem (and the instruction bytes at EIP) written, ports
// reading 0xFF per byte and writes recorded as byte lanes. One instruction runs (a REP one to
// completion); an exception is caught by the hypervisor hook before any IDT delivery, so EIP
// stays at the instruction. The comparison follows the issue: masked registers, EIP, EFLAGS under
// flags_mask, every final.mem byte, the I/O writes, and the exception vector.
import { Cpu } from '../cpu';
import { SparseRam } from '../memory';
import type { PortIo, PortSize } from '../../machine/port-io';
import { VECTOR_REGS, type VectorCase } from './vectors';
import { VECTOR_NAMES } from '../fault';

export interface CaseResult {
  id: string;
  pass: boolean;
  /** Human-readable differences, one per line (empty when passing). */
  diffs: string[];
}

class RecordingIo implements PortIo {
  reads: number[] = [];
  readAccesses: number[] = [];
  writes: [number, number][] = [];
  read(port: number, size: PortSize): number {
    this.readAccesses.push(port);
    for (let k = 0; k < size; k++) this.reads.push((port + k) & 0xffff);
    return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
  }
  write(port: number, size: PortSize, value: number): void {
    for (let k = 0; k < size; k++) this.writes.push([(port + k) & 0xffff, (value >>> (8 * k)) & 0xff]);
  }
  reset(): void {
    this.reads = [];
    this.readAccesses = [];
    this.writes = [];
  }
}

const hex = (v: number, w = 8): string => '0x' + (v >>> 0).toString(16).padStart(w, '0');

const FLAG_NAMES: [number, string][] = [
  [0x1, 'CF'], [0x4, 'PF'], [0x10, 'AF'], [0x40, 'ZF'], [0x80, 'SF'], [0x100, 'TF'], [0x200, 'IF'],
  [0x400, 'DF'], [0x800, 'OF'], [0x3000, 'IOPL'], [0x4000, 'NT'], [0x10000, 'RF'], [0x40000, 'AC'],
];

function flagNames(bits: number): string {
  const names = FLAG_NAMES.filter(([b]) => (bits & b) !== 0).map(([, n]) => n);
  return names.length > 0 ? names.join(' ') : hex(bits, 4);
}

/** A reusable conformance machine; run() executes one case. */
export class ConformanceMachine {
  readonly ram = new SparseRam();
  readonly io = new RecordingIo();
  readonly cpu: Cpu;
  private caught: number | null = null;

  constructor() {
    this.cpu = new Cpu({
      memory: this.ram,
      io: this.io,
      hooks: {
        exception: (c, vector) => {
          // a single-step trap after the instruction (TF set in init.eflags) is not its exception
          if (vector !== 1 || (c.dr[6] & 0x4000) === 0) this.caught = vector;
          c.requestStop();
          return true;
        },
      },
    });
  }

  run(t: VectorCase): CaseResult {
    const { cpu, ram, io } = this;
    ram.clear();
    io.reset();
    this.caught = null;
    for (const [a, b] of t.init.mem) ram.poke(a >>> 0, b);
    const eip = t.init.regs.eip >>> 0;
    t.bytes.forEach((b, k) => ram.poke((eip + k) >>> 0, b));
    cpu.resetFlat();
    const r = t.init.regs;
    [r.eax, r.ecx, r.edx, r.ebx, r.esp, r.ebp, r.esi, r.edi].forEach((v, k) => (cpu.r32[k] = v));
    cpu.eip = eip | 0;
    cpu.setEflags(r.eflags);
    cpu.run(1);
    return this.compare(t);
  }

  private compare(t: VectorCase): CaseResult {
    const { cpu, ram, io } = this;
    const diffs: string[] = [];
    if (t.exception !== undefined && this.caught !== t.exception) {
      diffs.push(`exception: expected ${VECTOR_NAMES[t.exception] ?? t.exception}, got ${this.caught === null ? 'none' : VECTOR_NAMES[this.caught] ?? this.caught}`);
    } else if (t.exception === undefined && this.caught !== null) {
      diffs.push(`exception: none expected, got ${VECTOR_NAMES[this.caught] ?? this.caught}`);
    }
    const actual: Record<string, number> = {
      eax: cpu.r32[0], ecx: cpu.r32[1], edx: cpu.r32[2], ebx: cpu.r32[3],
      esp: cpu.r32[4], ebp: cpu.r32[5], esi: cpu.r32[6], edi: cpu.r32[7],
      eip: cpu.eip, eflags: cpu.getEflags(),
    };
    for (const reg of VECTOR_REGS) {
      const want = t.final.regs[reg];
      const mask = reg === 'eflags' ? t.flags_mask : (t.reg_masks?.[reg] ?? 0xffffffff);
      if (((actual[reg] ^ want) & mask) !== 0) {
        const extra = reg === 'eflags' ? ` (differs in ${flagNames((actual[reg] ^ want) & mask)})` : '';
        diffs.push(`${reg}: expected ${hex(want)}, got ${hex(actual[reg])}${extra}`);
      }
    }
    for (const [a, b] of t.final.mem) {
      const got = ram.peek(a >>> 0);
      if (got !== (b & 0xff)) diffs.push(`mem[${hex(a)}]: expected ${hex(b, 2)}, got ${hex(got, 2)}`);
    }
    const wantWrites = t.io?.writes ?? [];
    const gotWrites = io.writes;
    if (JSON.stringify(wantWrites) !== JSON.stringify(gotWrites)) {
      diffs.push(`io writes: expected ${JSON.stringify(wantWrites)}, got ${JSON.stringify(gotWrites)}`);
    }
    const wantReads = t.io?.reads;
    if (wantReads !== undefined) {
      const w = JSON.stringify(wantReads);
      if (w !== JSON.stringify(io.reads) && w !== JSON.stringify(io.readAccesses)) {
        diffs.push(`io reads: expected ${w}, got ${JSON.stringify(io.reads)}`);
      }
    }
    return { id: t.id, pass: diffs.length === 0, diffs };
  }
}

export interface FileSummary {
  passed: number;
  failed: number;
  failures: CaseResult[];
}

/** Run every case; keeps at most `keepFailures` failing results for reporting. */
export function runVectors(cases: VectorCase[], keepFailures = 10, machine = new ConformanceMachine()): FileSummary {
  const out: FileSummary = { passed: 0, failed: 0, failures: [] };
  for (const t of cases) {
    const r = machine.run(t);
    if (r.pass) out.passed++;
    else {
      out.failed++;
      if (out.failures.length < keepFailures) out.failures.push(r);
    }
  }
  return out;
}
