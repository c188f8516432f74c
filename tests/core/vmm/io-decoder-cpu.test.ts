// The hypervisor's decoder agrees with the CPU that executes the instruction: for every form
// with prefix variants, what the CPU hands its io hook (form, length, size, REP, address size,
// segment, port) equals what the decoder reads from guest memory; and in the trap model the
// #GP of a ring-3 I/O instruction is decoded at the faulting EIP and emulation can continue
// (with the VMM cache, only the first exit from a page walks); a seeded fuzz of prefix soups
// agrees with the CPU's decoder on length, size, REP, address size, segment and the faults.
import { describe, expect, it } from 'vitest';
import { IoAction, decodeInsn, I386_CYCLES, CpuFault, type IoExitInfo, type Insn } from '../../../src/core/cpu/index';
import { IoDecoder, type IoDecodeResult } from '../../../src/core/vmm/io-decoder';
import { CodeTranslationCache } from '../../../src/core/vmm/fetch-cache';
import { IO_FORMS } from '../../../src/core/cpu/io-form-table';
import { DecoderGuest } from './io-decoder-guest';

const CODE = 0x50000;
const VARIANTS = [[], [0x67], [0x2e], [0x64, 0x67], [0xf2], [0x66, 0x66], [0x36, 0xf3, 0x67]];

function viaCpu(bytes: number[]): IoExitInfo {
  const g = new DecoderGuest();
  g.put(CODE, [...bytes, 0xf4]);
  g.cpu.eip = CODE;
  g.cpu.r32[1] = 3; // ECX: REP forms must not be skipped for a zero count
  let seen: IoExitInfo | null = null;
  g.cpu.hooks = {
    io: (_c, info) => {
      seen = { ...info };
      return IoAction.Done;
    },
  };
  g.cpu.run(1);
  if (seen === null) throw new Error(`no I/O exit for ${bytes.join(' ')}`);
  return seen;
}

describe('decoder versus the executing CPU', () => {
  it('agrees on every form with prefix variants', () => {
    const g = new DecoderGuest();
    const d = new IoDecoder();
    const problems: string[] = [];
    for (const form of IO_FORMS) {
      for (const pre of VARIANTS) {
        const bytes = [...pre, ...form.bytes32, ...(form.portSource === 'imm8' && !form.string ? [0x71] : [])];
        g.put(CODE, bytes);
        const r = d.decode(g.cpu, CODE);
        const cpu = viaCpu(bytes);
        const mine = r.kind === 'io'
          ? { form: r.formId, length: r.length, size: r.size, input: r.direction === 'in', string: r.string, rep: r.rep,
            immediate: r.portSource === 'imm8', addressSize: r.addressSize / 8, port: r.port === 'dx' ? 'dx' : r.port,
            segment: r.segment ?? 'none' }
          : r.reason;
        const theirs = { form: cpu.form, length: cpu.length, size: cpu.size, input: cpu.input, string: cpu.string, rep: cpu.rep,
          immediate: cpu.immediate, addressSize: cpu.addressSize, port: cpu.immediate ? cpu.port : 'dx',
          segment: cpu.string ? cpu.segment : 'none' };
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) problems.push(`${bytes.map((b) => b.toString(16)).join(' ')}: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);
      }
    }
    expect(problems.slice(0, 10).join('\n')).toBe('');
  });

  it('decodes ring-3 I/O at the #GP the trap model takes, and reports non-I/O #GPs as not-io', () => {
    const g = new DecoderGuest();
    g.paging2();
    g.put(CODE, [0x66, 0xed, 0xf3, 0x6e, 0xe6, 0x80, 0xf4]); // in ax,dx; rep outsb; out 0x80,al; hlt
    g.setCpl(3);
    g.cpu.eip = CODE;
    g.cpu.r32[1] = 1;
    const d = new IoDecoder();
    const log: string[] = [];
    g.cpu.hooks = {
      exception: (c, vector) => {
        if (vector !== 13) return false;
        const r: IoDecodeResult = d.decode(c);
        log.push(r.kind === 'io' ? `${r.mnemonic} @${(r.eip - CODE).toString(16)}` : r.reason);
        if (r.kind === 'io') c.eip += r.length;
        else c.requestStop();
        return true;
      },
    };
    expect(g.cpu.run(100)).toBe('stop');
    expect(log).toEqual(['in ax, dx @0', 'rep outsb @2', 'out imm8, al @4', 'not-io']);
  });

  it('with the VMM cache, repeated trapped exits from one code page walk once', () => {
    const g = new DecoderGuest();
    g.pagingPae(true);
    g.put(CODE, [0xec, 0xee, 0x66, 0xed, 0xe4, 0x10, 0xf4]);
    g.setCpl(3);
    g.cpu.eip = CODE;
    const d = new IoDecoder(new CodeTranslationCache());
    const walks: number[] = [];
    const hits: number[] = [];
    g.cpu.hooks = {
      exception: (c, vector) => {
        const r = d.decode(c);
        walks.push(r.steps.pageWalks);
        hits.push(r.steps.tlbHits);
        if (vector === 13 && r.kind === 'io') c.eip += r.length;
        else c.requestStop();
        return true;
      },
    };
    g.cpu.run(100);
    expect(walks).toEqual([1, 0, 0, 0, 0]);
    expect(hits).toEqual([0, 1, 1, 1, 1]);
  });

  it('agrees with the CPU decoder on seeded random prefix soups', () => {
    // 0-16 prefixes, then an I/O opcode (or, one time in eight, any byte), then an imm8 and filler
    const PREFIXES = [0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];
    const IO = [0xe4, 0xe5, 0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef, 0x6c, 0x6d, 0x6e, 0x6f];
    let seed = 0x2007;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const g = new DecoderGuest();
    const d = new IoDecoder();
    const problems: string[] = [];
    const outcomes = new Set<string>();
    for (let t = 0; t < 20000; t++) {
      const n = rnd(17);
      const bytes = Array.from({ length: n }, () => PREFIXES[rnd(PREFIXES.length)]);
      bytes.push(rnd(8) === 0 ? rnd(256) : IO[rnd(IO.length)], rnd(256), 0x90, 0x90);
      g.put(CODE, bytes);
      const r = d.decode(g.cpu, CODE);
      let insn: Insn | 'gp';
      try {
        insn = decodeInsn((k) => bytes[k] ?? 0x90, CODE, true, I386_CYCLES);
      } catch (e) {
        if (!(e instanceof CpuFault)) throw e;
        insn = 'gp';
      }
      const io = insn !== 'gp' && ((insn.opcode >= 0xe4 && insn.opcode <= 0xe7) || (insn.opcode >= 0xec && insn.opcode <= 0xef) ||
        (insn.opcode >= 0x6c && insn.opcode <= 0x6f));
      let want: string;
      if (insn === 'gp') want = 'too-long';
      else if (!io) want = 'not-io';
      else if (insn.lock) want = 'lock';
      else {
        const string = insn.opcode < 0x70;
        want = `len ${insn.len} size ${insn.size} asize ${insn.asize * 8} rep ${string && insn.rep !== 0} seg ${string ? (insn.opcode >= 0x6e ? insn.seg : 0) : 'none'}`;
      }
      outcomes.add(r.kind === 'fault' ? r.reason : 'io');
      const got = r.kind === 'fault' ? r.reason
        : `len ${r.length} size ${r.size} asize ${r.addressSize} rep ${r.rep} seg ${r.segment ?? 'none'}`;
      // the CPU decodes a non-I/O instruction in full, so it may call it too long where the VMM stopped at the opcode
      if (got !== want && !(got === 'not-io' && want === 'too-long')) problems.push(`${bytes.map((b) => b.toString(16)).join(' ')}: ${got} vs ${want}`);
    }
    expect(problems.slice(0, 10).join('\n')).toBe('');
    expect([...outcomes].sort()).toEqual(['io', 'lock', 'not-io', 'too-long']);
  });
});
