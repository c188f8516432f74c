// What the CPU does not implement, computed from the opcode table (so the list cannot drift
// from the code) plus the architectural features that are not opcodes. Every opcode listed here
// raises #UD when executed. Used by `exitscope cpu-gaps` and checked by the tests.
import { TABLE } from './opcodes';

/** i386/i486 names for opcodes that exist on real hardware but are absent from TABLE. */
const KNOWN: Record<number, string> = {
  0x63: 'ARPL r/m16, r16', 0x82: '(alias of 80)', 0xd6: 'SALC (undocumented)', 0xf1: 'INT1 / ICEBP (undocumented)',
  0x102: 'LAR', 0x103: 'LSL', 0x105: 'LOADALL (286)', 0x107: 'LOADALL (386)', 0x121: 'MOV r32, DRn', 0x123: 'MOV DRn, r32',
  0x124: 'MOV r32, TRn', 0x126: 'MOV TRn, r32', 0x1a6: 'CMPXCHG (early 486 encoding)', 0x1a7: 'CMPXCHG (early 486 encoding)',
  0x133: 'RDPMC', 0x134: 'SYSENTER', 0x135: 'SYSEXIT', 0x1aa: 'RSM', 0x10d: 'NOP r/m (prefetch)',
  0x11f: 'NOP r/m (multi-byte NOP)',
};

const GROUP_NAMES: Record<number, string[]> = {
  0x100: ['SLDT', 'STR', 'LLDT', 'LTR', 'VERR', 'VERW', '(invalid)', '(invalid)'],
  0x101: ['SGDT', 'SIDT', 'LGDT', 'LIDT', 'SMSW', '(invalid)', 'LMSW', 'INVLPG'],
};

/** Opcodes that are prefixes or escapes, not instructions. */
const PREFIXES = new Set([0x0f, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);

/** Architectural features outside the opcode table that are not implemented. */
export const FEATURE_GAPS: readonly string[] = [
  'Task switching with 16-bit TSSs (#UD); the T (debug trap) bit of a TSS is ignored',
  'Real mode and virtual-8086 mode: the CPU always runs in protected mode (clearing CR0.PE and IRET to VM=1 raise #UD)',
  'x87 FPU: no FPU state; D8-DF escapes raise #NM when CR0.EM or CR0.TS is set, else #UD; FWAIT only checks TS/MP. No MMX/SSE',
  'Debug breakpoints: DR0-DR7 are storage only (single-step #DB with TF works); RF is not honoured; no MOV SS suppression of #DB',
  'Alignment checking (#AC); PAT/MTRR; SMM',
];

export interface OpcodeGap {
  /** Encoding, e.g. "63", "0F 02" or "0F 00 /4". */
  encoding: string;
  /** The instruction it is on i386/i486 hardware; empty for reserved / later-CPU encodings. */
  name: string;
}

function hexOf(op: number): string {
  const b = (op & 0xff).toString(16).toUpperCase().padStart(2, '0');
  return op >= 0x100 ? `0F ${b}` : b;
}

/** Every unimplemented opcode or group member, in opcode order. */
export function opcodeGaps(): OpcodeGap[] {
  const out: OpcodeGap[] = [];
  for (let op = 0; op < 0x200; op++) {
    if (op < 0x100 && PREFIXES.has(op)) continue;
    const s = TABLE[op];
    if (s === null) {
      out.push({ encoding: hexOf(op), name: KNOWN[op] ?? '' });
      continue;
    }
    if (s.group !== null) {
      s.group.forEach((g, reg) => {
        if (g === null) out.push({ encoding: `${hexOf(op)} /${reg}`, name: GROUP_NAMES[op]?.[reg] ?? '' });
      });
    }
  }
  return out;
}

/** The cpu-gaps report: named i386/i486 gaps one per line, the rest collapsed into one line. */
export function gapReport(): string {
  const gaps = opcodeGaps();
  const named = gaps.filter((g) => g.name !== '');
  const unnamed = gaps.filter((g) => g.name === '').map((g) => g.encoding);
  return [
    'Not implemented (raise #UD):',
    ...named.map((g) => `  ${g.encoding.padEnd(9)} ${g.name}`),
    `  ${unnamed.length} further encodings with no i386/i486 instruction (reserved, or P6 and later): ${unnamed.join(', ')}`,
    '',
    'Architectural features not implemented:',
    ...FEATURE_GAPS.map((l) => `  ${l}`),
  ].join('\n');
}
