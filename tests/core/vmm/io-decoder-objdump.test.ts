// The hypervisor's I/O decoder against GNU objdump (`objdump -D -b binary -mi386 -M intel`) and
// against the CPU's own decoder: every I/O opcode (so every one of the 24 forms) with every
// meaningful prefix combination (66, 67, F3, F2, both REP bytes in either order, each segment
// override and two overrides in a row, repeated 66, both prefix orders), LOCK (-> #UD) and runs
// of redundant prefixes up to and past the 15-byte limit (-> #GP). All encodings go into one
// buffer (32-byte slots padded with NOPs so objdump resynchronises) and one objdump run; the
// same buffer is guest memory for the decoder. Skips, saying so, where objdump is missing.
// objdump refuses more than 13 prefixes (hardware allows 14 before a 1-byte opcode), so the
// long runs are compared with objdump only up to 13 prefixes and with the CPU's decoder always.
// A second, smaller batch decodes in a 16-bit code segment against `objdump -mi8086`.
import { describe, expect, it } from 'vitest';
import { IoDecoder, type IoDecodeResult } from '../../../src/core/vmm/io-decoder';
import { IO_FORMS } from '../../../src/core/cpu/io-form-table';
import { decodeInsn, I386_CYCLES, CpuFault } from '../../../src/core/cpu/index';
import { DecoderGuest } from './io-decoder-guest';
import { hasObjdump, OBJDUMP, runObjdump } from '../../helpers/objdump';

const SLOT = 32;
const BASE = 0x10000;
const OPCODES = [0xe4, 0xe5, 0xe6, 0xe7, 0xec, 0xed, 0xee, 0xef, 0x6c, 0x6d, 0x6e, 0x6f];
const SEGS = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65];
const SEG_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
const REP_TOKENS = new Set(['rep', 'repz', 'repnz', 'repe', 'repne']);
const IGNORED_TOKENS = new Set(['data16', 'addr16', 'data32', 'addr32', ...SEG_NAMES]);

interface Case { bytes: number[]; prefixes: number[]; opcode: number }

function withOpcode(prefixes: number[], opcode: number, k: number): Case {
  const imm = opcode >= 0xe4 && opcode <= 0xe7 ? [(0x11 * k + 0x40) & 0xff] : [];
  return { bytes: [...prefixes, opcode, ...imm], prefixes, opcode };
}

/** Every opcode x {-, 66, 66 66} x {-, 67} x {-, F3, F2, F3 F2, F2 F3} x {-, each override, 2E 3E}, in two orders. */
function prefixCases(): Case[] {
  const out: Case[] = [];
  const opsizes = [[], [0x66], [0x66, 0x66]];
  const addrs = [[], [0x67]];
  const reps = [[], [0xf3], [0xf2], [0xf3, 0xf2], [0xf2, 0xf3]];
  const segs = [[], ...SEGS.map((s) => [s]), [0x2e, 0x3e]];
  for (const opcode of OPCODES) {
    for (const o of opsizes) for (const a of addrs) for (const r of reps) for (const s of segs) {
      const forward = [...s, ...o, ...r, ...a];
      out.push(withOpcode(forward, opcode, out.length));
      // the other order keeps same-group prefixes in their order (the last one still wins)
      const backward = [...a, ...r, ...o, ...s];
      if (backward.join() !== forward.join()) out.push(withOpcode(backward, opcode, out.length));
    }
  }
  return out;
}

/** Runs of n redundant prefixes (cycling 66 67 F3 2E 3E 64) before each opcode, n = 10..16. */
function longCases(): Case[] {
  const cycle = [0x66, 0x67, 0xf3, 0x2e, 0x3e, 0x64];
  const out: Case[] = [];
  for (const opcode of OPCODES) {
    for (let n = 10; n <= 16; n++) out.push(withOpcode(Array.from({ length: n }, (_, i) => cycle[i % cycle.length]), opcode, n));
  }
  return out;
}

function lockCases(): Case[] {
  return OPCODES.flatMap((op, k) => [withOpcode([0xf0], op, k), withOpcode([0x66, 0xf0, 0xf3], op, k)]);
}


/** objdump's text without the prefixes that do not change the operation; the effective REP kept on string forms. */
function normalise(text: string): { lock: boolean; text: string } {
  const tokens = text.split(/\s+/);
  let lock = false;
  let rep = '';
  while (tokens.length > 1 && (IGNORED_TOKENS.has(tokens[0]) || REP_TOKENS.has(tokens[0]) || tokens[0] === 'lock')) {
    const t = tokens.shift() as string;
    if (t === 'lock') lock = true;
    else if (REP_TOKENS.has(t)) rep = t === 'repz' || t === 'repe' ? 'rep' : t === 'repne' ? 'repnz' : t;
  }
  const mn = tokens.shift() ?? '';
  const ops = tokens.join('');
  const string = mn === 'ins' || mn === 'outs';
  return { lock, text: `${string && rep !== '' ? `${rep} ` : ''}${mn} ${ops}` };
}

/** The decoder's result in objdump's spelling. */
function spell(r: IoDecodeResult): string {
  if (r.kind !== 'io') return `${r.reason}`;
  const acc = r.size === 1 ? 'al' : r.size === 2 ? 'ax' : 'eax';
  const ptr = r.size === 1 ? 'BYTEPTR' : r.size === 2 ? 'WORDPTR' : 'DWORDPTR'; // operands compared without spaces
  const a16 = r.addressSize === 16;
  const rep = r.rep ? (r.repPrefix === 0xf2 ? 'repnz ' : 'rep ') : '';
  const port = r.port === 'dx' ? 'dx' : `0x${r.port.toString(16)}`;
  if (!r.string) return r.direction === 'in' ? `in ${acc},${port}` : `out ${port},${acc}`;
  if (r.direction === 'in') return `${rep}ins ${ptr}es:[${a16 ? 'di' : 'edi'}],dx`;
  return `${rep}outs dx,${ptr}${SEG_NAMES[r.segment ?? 3]}:[${a16 ? 'si' : 'esi'}]`;
}

/** The form the SDM assigns to these bytes, worked out independently of the decoder. */
function expectedForm(c: Case): number {
  const string = c.opcode < 0x70;
  const dir = (c.opcode & 2) === 0 ? 'in' : 'out';
  const size = (c.opcode & 1) === 0 ? 1 : c.prefixes.includes(0x66) ? 2 : 4;
  const rep = string && (c.prefixes.includes(0xf3) || c.prefixes.includes(0xf2));
  return IO_FORMS.findIndex((f) => f.direction === dir && f.size === size && f.string === string && f.rep === rep &&
    (string || f.portSource === (c.opcode >= 0xec ? 'dx' : 'imm8')));
}

/** Length by the CPU's own decoder, or 'gp' when it rejects the instruction as too long. */
function cpuLength(bytes: number[]): number | 'gp' {
  try {
    return decodeInsn((k) => bytes[k] ?? 0x90, 0, true, I386_CYCLES).len;
  } catch (e) {
    if (e instanceof CpuFault && e.vector === 13) return 'gp';
    throw e;
  }
}

const prefixed = prefixCases();
const long = longCases();
const locked = lockCases();
const all = [...prefixed, ...long, ...locked];

function layout(): { guest: DecoderGuest; buf: Uint8Array } {
  const buf = new Uint8Array(all.length * SLOT).fill(0x90);
  all.forEach((c, k) => buf.set(c.bytes, k * SLOT));
  const guest = new DecoderGuest();
  guest.put(BASE, buf);
  return { guest, buf };
}

describe('I/O decoder: every form and prefix combination', () => {
  const { guest, buf } = layout();
  const decoder = new IoDecoder();
  const decodeSlot = (k: number): IoDecodeResult => decoder.decode(guest.cpu, BASE + k * SLOT);

  it('covers all 24 forms, each with 66, 67, F2, F3 and every segment override', () => {
    const seen = new Set<number>();
    prefixed.forEach((_, k) => {
      const r = decodeSlot(k);
      if (r.kind === 'io') seen.add(r.formId);
    });
    expect([...seen].sort((a, b) => a - b)).toEqual(IO_FORMS.map((f) => f.id));
    expect(prefixed.length).toBeGreaterThan(5000);
  });

  it('decodes the SDM form, length, prefixes and OUTS segment for every combination', () => {
    const problems: string[] = [];
    prefixed.forEach((c, k) => {
      const r = decodeSlot(k);
      const hex = c.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      if (r.kind !== 'io') return problems.push(`${hex}: ${r.reason}`);
      const segs = c.prefixes.filter((b) => SEGS.includes(b));
      const lastSeg = segs.length === 0 ? null : SEGS.indexOf(segs[segs.length - 1]);
      const wantSeg = c.opcode === 0x6e || c.opcode === 0x6f ? (lastSeg ?? 3) : c.opcode < 0x70 ? 0 : null;
      const ok = r.formId === expectedForm(c) && r.length === c.bytes.length && r.mnemonic === IO_FORMS[r.formId].mnemonic &&
        r.segment === wantSeg && r.segmentOverride === lastSeg && r.prefixCount === c.prefixes.length &&
        Array.from(r.prefixBytes.subarray(0, r.prefixCount)).join() === c.prefixes.join() &&
        r.addressSize === (c.prefixes.includes(0x67) ? 16 : 32) && r.operandSize === (c.prefixes.includes(0x66) ? 16 : 32) &&
        r.port === (c.opcode >= 0xe4 && c.opcode <= 0xe7 ? c.bytes[c.bytes.length - 1] : 'dx');
      if (!ok) problems.push(`${hex}: form ${r.formId} (${r.mnemonic}), length ${r.length}, segment ${r.segment}`);
      return undefined;
    });
    expect(problems.slice(0, 20).join('\n')).toBe('');
  });

  it('agrees with the CPU decoder on the length and the 15-byte limit', () => {
    const problems: string[] = [];
    [...prefixed, ...long].forEach((c) => {
      const k = all.indexOf(c);
      const r = decodeSlot(k);
      const cpu = cpuLength(c.bytes);
      const mine = r.kind === 'io' ? r.length : r.reason === 'too-long' ? 'gp' : r.reason;
      if (mine !== cpu) problems.push(`${c.bytes.map((b) => b.toString(16)).join(' ')}: decoder ${mine}, cpu ${cpu}`);
    });
    expect(problems.slice(0, 20).join('\n')).toBe('');
  });

  it('raises #GP(0) past 15 bytes and accepts exactly 15', () => {
    long.forEach((c) => {
      const r = decodeSlot(all.indexOf(c));
      if (c.bytes.length <= 15) {
        expect(r.kind).toBe('io');
      } else {
        expect(r).toMatchObject({ kind: 'fault', vector: 13, errorCode: 0, reason: 'too-long', cr2: null });
        if (r.kind === 'fault') expect(r.bytesRead).toBe(15);
      }
    });
  });

  it('raises #UD for LOCK on every I/O opcode, after reading the whole instruction', () => {
    locked.forEach((c) => {
      const r = decodeSlot(all.indexOf(c));
      expect(r).toMatchObject({ kind: 'fault', vector: 6, reason: 'lock', cr2: null });
      if (r.kind === 'fault') expect(r.bytesRead).toBe(cpuLength(c.bytes));
    });
  });

  it('lets the 15-byte limit win over LOCK when the imm8 would be the 16th byte, as the CPU does', () => {
    const g = new DecoderGuest();
    const bytes = [...Array<number>(13).fill(0x66), 0xf0, 0xe4, 0x12];
    g.put(BASE, bytes);
    expect(decoder.decode(g.cpu, BASE)).toMatchObject({ kind: 'fault', vector: 13, reason: 'too-long', bytesRead: 15 });
    expect(cpuLength(bytes)).toBe('gp');
  });

  it.skipIf(!hasObjdump)(
    `matches objdump on length, mnemonic and operands${hasObjdump ? '' : ` (SKIPPED: ${OBJDUMP} not found)`}`,
    () => {
      const obj = runObjdump(buf);
      const problems: string[] = [];
      let compared = 0;
      all.forEach((c, k) => {
        const ref = obj.get(k * SLOT);
        const hex = c.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
        if (ref === undefined) return problems.push(`${hex}: objdump lost sync`);
        const r = decodeSlot(k);
        const theirs = normalise(ref.text);
        if (c.prefixes.includes(0xf0)) {
          if (!theirs.lock || r.kind !== 'fault' || r.reason !== 'lock') problems.push(`${hex}: objdump "${ref.text}", decoder ${spell(r)}`);
        } else if (c.prefixes.length > 13) {
          // objdump stops at 13 prefixes: it must at least not see one instruction longer than 15 bytes
          if (ref.length === c.bytes.length && c.bytes.length > 15) problems.push(`${hex}: objdump decoded ${ref.length} bytes`);
        } else if (r.kind !== 'io' || ref.length !== r.length || theirs.text !== spell(r)) {
          problems.push(`${hex}: objdump "${ref.text}" (${ref.length} bytes), decoder "${spell(r)}" (${r.kind === 'io' ? r.length : '-'} bytes)`);
        }
        compared++;
        return undefined;
      });
      expect(compared).toBe(all.length);
      expect(problems.slice(0, 30).join('\n')).toBe('');
    },
  );
});

describe('I/O decoder in a 16-bit code segment (CS.D = 0)', () => {
  it.skipIf(!hasObjdump)(
    `matches objdump -mi8086, where 66 and 67 select 32-bit sizes${hasObjdump ? '' : ` (SKIPPED: ${OBJDUMP} not found)`}`,
    () => {
      const cases: Case[] = [];
      for (const opcode of OPCODES) {
        for (const o of [[], [0x66]]) for (const a of [[], [0x67]]) for (const r of [[], [0xf3], [0xf2]]) for (const sg of [[], [0x2e], [0x64]]) {
          cases.push(withOpcode([...sg, ...o, ...r, ...a], opcode, cases.length));
        }
      }
      const buf = new Uint8Array(cases.length * SLOT).fill(0x90);
      cases.forEach((c, k) => buf.set(c.bytes, k * SLOT));
      expect(buf.length).toBeLessThan(0x10000);
      const g = new DecoderGuest();
      g.put(BASE, buf);
      g.cpu.csSize = 2;
      g.cpu.segBase[1] = BASE;
      const d = new IoDecoder();
      const obj = runObjdump(buf, 'i8086');
      const problems: string[] = [];
      cases.forEach((c, k) => {
        const r = d.decode(g.cpu, k * SLOT);
        const ref = obj.get(k * SLOT);
        const theirs = ref === undefined ? 'lost sync' : normalise(ref.text).text;
        const wantSize = (c.opcode & 1) === 0 ? 1 : c.prefixes.includes(0x66) ? 4 : 2;
        if (r.kind !== 'io' || ref?.length !== r.length || theirs !== spell(r) || r.size !== wantSize) {
          problems.push(`${c.bytes.map((b) => b.toString(16)).join(' ')}: objdump "${ref?.text}", decoder "${spell(r)}"`);
        }
      });
      expect(problems.slice(0, 20).join('\n')).toBe('');
    },
  );
});
