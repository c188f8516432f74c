// decodeIoInsnBytes: the I/O forms recognised in kvm_emulate_insn bytes, with prefixes and modes.
import { describe, expect, it } from 'vitest';
import { decodeIoInsnBytes } from '../../../../src/core/trace/kvm';

const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

describe('decodeIoInsnBytes', () => {
  it('reads IN/OUT with imm8 and DX ports', () => {
    expect(decodeIoInsnBytes(b(0xe4, 0x60), 'prot32')).toMatchObject({ direction: 'in', size: 1, string: false, portSource: 'imm8', segment: null });
    expect(decodeIoInsnBytes(b(0xef), 'prot32')).toMatchObject({ direction: 'out', size: 4, portSource: 'dx' });
    expect(decodeIoInsnBytes(b(0x66, 0xef), 'prot32')).toMatchObject({ direction: 'out', size: 2 });
    expect(decodeIoInsnBytes(b(0xee), 'real')).toMatchObject({ direction: 'out', size: 1, portSource: 'dx' });
  });

  it('applies the operand-size prefix relative to the CPU mode', () => {
    expect(decodeIoInsnBytes(b(0xed), 'real')?.size).toBe(2);
    expect(decodeIoInsnBytes(b(0x66, 0xed), 'real')?.size).toBe(4);
    expect(decodeIoInsnBytes(b(0xed), 'prot64')?.size).toBe(4);
  });

  it('reads string forms with REP, address size and segment', () => {
    expect(decodeIoInsnBytes(b(0xf3, 0x66, 0x6d), 'prot64')).toEqual({ direction: 'in', size: 2, string: true, rep: true, portSource: 'dx', addrSize: 64, segment: 'es' });
    expect(decodeIoInsnBytes(b(0xf3, 0x6e), 'prot32')).toMatchObject({ direction: 'out', size: 1, rep: true, addrSize: 32, segment: 'ds' });
    expect(decodeIoInsnBytes(b(0x2e, 0x67, 0x6f), 'prot32')).toMatchObject({ direction: 'out', size: 4, rep: false, addrSize: 16, segment: 'cs' });
    expect(decodeIoInsnBytes(b(0xf3, 0x48, 0x6c), 'prot64')).toMatchObject({ direction: 'in', size: 1, rep: true });
  });

  it('leaves the address size unknown without a CPU mode (trace-cmd plugin)', () => {
    expect(decodeIoInsnBytes(b(0xf3, 0x66, 0x6d), null)).toMatchObject({ size: 2, addrSize: null });
  });

  it('returns null for instructions that are not port I/O', () => {
    expect(decodeIoInsnBytes(b(0x0f, 0x32), 'prot64')).toBeNull();
    expect(decodeIoInsnBytes(b(0x89, 0x07), 'prot64')).toBeNull();
    expect(decodeIoInsnBytes(b(0xf3), 'prot64')).toBeNull();
  });
});
