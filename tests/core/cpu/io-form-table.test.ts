// The 24-form table: its documented order, opcodes and mnemonics, and formIdOf agreeing with it.
import { describe, expect, it } from 'vitest';
import { formIdOf, IO_FORM_COUNT, IO_FORMS } from '../../../src/core/cpu/io-form-table';

describe('IO_FORMS', () => {
  it('lists 24 forms in the documented order', () => {
    expect(IO_FORMS).toHaveLength(IO_FORM_COUNT);
    expect(IO_FORMS.map((f) => f.mnemonic)).toEqual([
      'in al, imm8', 'in ax, imm8', 'in eax, imm8', 'in al, dx', 'in ax, dx', 'in eax, dx',
      'out imm8, al', 'out imm8, ax', 'out imm8, eax', 'out dx, al', 'out dx, ax', 'out dx, eax',
      'insb', 'rep insb', 'insw', 'rep insw', 'insd', 'rep insd',
      'outsb', 'rep outsb', 'outsw', 'rep outsw', 'outsd', 'rep outsd',
    ]);
    IO_FORMS.forEach((f, i) => expect(f.id).toBe(i));
  });

  it('carries the opcode bytes of each form', () => {
    expect(IO_FORMS.map((f) => f.opcode)).toEqual([
      0xe4, 0xe5, 0xe5, 0xec, 0xed, 0xed, 0xe6, 0xe7, 0xe7, 0xee, 0xef, 0xef,
      0x6c, 0x6c, 0x6d, 0x6d, 0x6d, 0x6d, 0x6e, 0x6e, 0x6f, 0x6f, 0x6f, 0x6f,
    ]);
    expect(IO_FORMS[1].bytes32).toEqual([0x66, 0xe5]);
    expect(IO_FORMS[15].bytes32).toEqual([0xf3, 0x66, 0x6d]);
    expect(IO_FORMS[23].bytes32).toEqual([0xf3, 0x6f]);
    expect(IO_FORMS[9].bytes32).toEqual([0xee]);
  });

  it('describes direction, size, string, rep and port source consistently', () => {
    const count = (pred: (f: (typeof IO_FORMS)[number]) => boolean): number => IO_FORMS.filter(pred).length;
    expect(count((f) => f.direction === 'in')).toBe(12);
    expect(count((f) => f.string)).toBe(12);
    expect(count((f) => f.rep)).toBe(6);
    expect(count((f) => f.portSource === 'imm8')).toBe(6);
    expect(count((f) => f.string && f.portSource !== 'dx')).toBe(0);
    expect(count((f) => f.size === 2)).toBe(8);
  });
});

describe('formIdOf', () => {
  it('finds every form from its own attributes', () => {
    for (const f of IO_FORMS) expect(formIdOf(f.direction, f.size, f.string, f.rep, f.portSource)).toBe(f.id);
  });

  it('ignores REP on IN/OUT and the port source on string forms', () => {
    expect(formIdOf('out', 1, false, true, 'dx')).toBe(9);
    expect(formIdOf('in', 2, true, true, null)).toBe(15);
  });

  it('returns null when the form cannot be determined', () => {
    expect(formIdOf('in', 3, false, false, 'dx')).toBeNull();
    expect(formIdOf('in', 1, false, false, null)).toBeNull();
    expect(formIdOf('out', 4, true, null, 'dx')).toBeNull();
  });
});
