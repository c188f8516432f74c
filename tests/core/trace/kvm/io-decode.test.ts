// VMX exit-qualification and SVM EXITINFO1 decoding, on the worked examples of anchors.md §4.3
// and on values assembled bit by bit from the SDM / APM layouts.
import { describe, expect, it } from 'vitest';
import { decodeSvmIoInfo1, decodeVmxIoQualification } from '../../../../src/core/trace/kvm';

describe('decodeVmxIoQualification', () => {
  it('decodes the worked examples', () => {
    expect(decodeVmxIoQualification(0x640008)).toEqual({ port: 0x64, size: 1, direction: 'in', string: false, rep: false, portSource: 'dx', addrSize: null });
    expect(decodeVmxIoQualification(0x600048)).toMatchObject({ port: 0x60, size: 1, direction: 'in', portSource: 'imm8' });
    expect(decodeVmxIoQualification(0xa00040)).toMatchObject({ port: 0xa0, size: 1, direction: 'out', portSource: 'imm8' });
    expect(decodeVmxIoQualification(0x5658000b)).toMatchObject({ port: 0x5658, size: 4, direction: 'in', portSource: 'dx' });
    expect(decodeVmxIoQualification(0xe90008)).toMatchObject({ port: 0xe9, size: 1, direction: 'in' });
  });

  it('decodes string and REP bits and the 16-bit size', () => {
    // rep insw from 0x1f0: port<<16 | rep(0x20) | string(0x10) | in(8) | size-1 = 1
    expect(decodeVmxIoQualification(0x1f00000 + 0x20 + 0x10 + 8 + 1)).toEqual({ port: 0x1f0, size: 2, direction: 'in', string: true, rep: true, portSource: 'dx', addrSize: null });
    expect(decodeVmxIoQualification(0xfffff000 + 0x10 + 3)).toMatchObject({ port: 0xffff, size: 4, direction: 'out', string: true, rep: false });
  });

  it('rejects an invalid size field', () => {
    expect(decodeVmxIoQualification(0x3f80002)).toBeNull();
    expect(decodeVmxIoQualification(0x3f80007)).toBeNull();
  });
});

describe('decodeSvmIoInfo1', () => {
  it('decodes type, size and address size one-hot fields', () => {
    // out byte to 0x3f8, 64-bit addresses: port<<16 | A64 (bit 9) | SZ8 (bit 4)
    expect(decodeSvmIoInfo1(0x3f80000 + 0x200 + 0x10)).toEqual({ port: 0x3f8, size: 1, direction: 'out', string: false, rep: false, portSource: null, addrSize: 64 });
    // in dword from 0xcfc, 32-bit addresses: A32 (bit 8) | SZ32 (bit 6) | IN
    expect(decodeSvmIoInfo1(0xcfc0000 + 0x100 + 0x40 + 1)).toMatchObject({ port: 0xcfc, size: 4, direction: 'in', addrSize: 32 });
  });

  it('decodes string/REP and takes DX as the port source of string forms', () => {
    // rep insw from 0x1f0: A16 (bit 7) | SZ16 (bit 5) | REP (bit 3) | STR (bit 2) | IN
    expect(decodeSvmIoInfo1(0x1f00000 + 0x80 + 0x20 + 8 + 4 + 1)).toEqual({ port: 0x1f0, size: 2, direction: 'in', string: true, rep: true, portSource: 'dx', addrSize: 16 });
  });

  it('rejects a size field that is not one-hot', () => {
    expect(decodeSvmIoInfo1(0x3f80000)).toBeNull();
    expect(decodeSvmIoInfo1(0x3f80000 + 0x30)).toBeNull();
  });
});
