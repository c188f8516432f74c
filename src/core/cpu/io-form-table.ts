// The 24 port-I/O forms (DESIGN.md "The 24 port-I/O forms"): an ISA fact, so the table lives with
// the CPU; the CPU, the trace importers and the hypervisor models all take it from here, so that
// every exit carries the same stable form id and canonical mnemonic whatever produced it.
//
// Order of the ids (stable; never renumber, breakdowns are keyed by it):
//   0..11  IN/OUT with a port operand: id = dir*6 + src*3 + size
//   12..23 INS/OUTS:                   id = 12 + dir*6 + size*2 + rep
// where dir 0 = in, 1 = out; src 0 = imm8, 1 = dx; size 0 = 8, 1 = 16, 2 = 32 bit;
// rep 0 = no REP, 1 = REP. So 0 `in al, imm8` ... 5 `in eax, dx`, 6 `out imm8, al` ...
// 11 `out dx, eax`, 12 `insb`, 13 `rep insb` ... 23 `rep outsd`.
//
// Invariants: IO_FORMS[i].id === i; string forms always take the port from DX and are the only
// forms where `rep` is meaningful (a REP prefix on IN/OUT is ignored by the CPU, so formIdOf
// ignores it there).

/** Direction of a port access. */
export type IoDir = 'in' | 'out';
/** Where an IN/OUT takes its port number from (string forms always use DX). */
export type PortSource = 'imm8' | 'dx';

export interface IoForm {
  readonly id: number;
  /** Canonical mnemonic, Intel syntax: `in al, imm8`, `out dx, eax`, `rep insw`, `outsb`. */
  readonly mnemonic: string;
  /** The opcode byte: E4-E7 (imm8), EC-EF (DX), 6C-6F (string). */
  readonly opcode: number;
  /** Prefix bytes + opcode as encoded in 32-bit code (66 for 16-bit operands, F3 for REP); the imm8 byte is not included. */
  readonly bytes32: readonly number[];
  readonly direction: IoDir;
  /** Bytes per element: 1, 2 or 4. */
  readonly size: number;
  readonly string: boolean;
  readonly rep: boolean;
  /** Where the port number comes from; always 'dx' for the string forms. */
  readonly portSource: PortSource;
}

const SIZES = [1, 2, 4] as const;
const ACC = ['al', 'ax', 'eax'] as const;
const SUFFIX = ['b', 'w', 'd'] as const;
const DIRS: readonly IoDir[] = ['in', 'out'];

function sizeIndex(size: number): number {
  return size === 1 ? 0 : size === 2 ? 1 : size === 4 ? 2 : -1;
}

function encode32(size: number, rep: boolean, opcode: number): number[] {
  const bytes: number[] = [];
  if (rep) bytes.push(0xf3);
  if (size === 2) bytes.push(0x66);
  bytes.push(opcode);
  return bytes;
}

function buildForms(): IoForm[] {
  const forms: IoForm[] = [];
  for (let d = 0; d < 2; d++) {
    for (let s = 0; s < 2; s++) {
      for (let z = 0; z < 3; z++) {
        const imm = s === 0;
        const port = imm ? 'imm8' : 'dx';
        const opcode = (imm ? 0xe4 : 0xec) + d * 2 + (z === 0 ? 0 : 1);
        forms.push({
          id: forms.length,
          mnemonic: d === 0 ? `in ${ACC[z]}, ${port}` : `out ${port}, ${ACC[z]}`,
          opcode,
          bytes32: encode32(SIZES[z], false, opcode),
          direction: DIRS[d],
          size: SIZES[z],
          string: false,
          rep: false,
          portSource: imm ? 'imm8' : 'dx',
        });
      }
    }
  }
  for (let d = 0; d < 2; d++) {
    for (let z = 0; z < 3; z++) {
      for (let r = 0; r < 2; r++) {
        const opcode = 0x6c + d * 2 + (z === 0 ? 0 : 1);
        const base = `${d === 0 ? 'ins' : 'outs'}${SUFFIX[z]}`;
        forms.push({
          id: forms.length,
          mnemonic: r === 1 ? `rep ${base}` : base,
          opcode,
          bytes32: encode32(SIZES[z], r === 1, opcode),
          direction: DIRS[d],
          size: SIZES[z],
          string: true,
          rep: r === 1,
          portSource: 'dx',
        });
      }
    }
  }
  return forms;
}

export const IO_FORMS: readonly IoForm[] = buildForms();

export const IO_FORM_COUNT = 24;

/**
 * The form id of an I/O operation, or null when the size is not 1, 2 or 4 or a needed part is
 * unknown (portSource for IN/OUT; rep for INS/OUTS). portSource is ignored for string forms and
 * rep for IN/OUT.
 */
export function formIdOf(
  direction: IoDir,
  size: number,
  string: boolean,
  rep: boolean | null,
  portSource: PortSource | null,
): number | null {
  const z = sizeIndex(size);
  if (z < 0) return null;
  const d = direction === 'in' ? 0 : 1;
  if (string) {
    if (rep === null) return null;
    return 12 + d * 6 + z * 2 + (rep ? 1 : 0);
  }
  if (portSource === null) return null;
  return d * 6 + (portSource === 'imm8' ? 0 : 3) + z;
}
