import { describe, expect, it } from 'vitest';
import { fromBcd, toBcd } from '../../../src/core/devices/bcd';
import { bytesToHex, hexToBytes } from '../../../src/core/machine/state-bytes';

describe('BCD helpers', () => {
  it('convert both ways for 2- and 4-digit values', () => {
    expect(toBcd(0)).toBe(0);
    expect(toBcd(59)).toBe(0x59);
    expect(toBcd(9999)).toBe(0x9999);
    expect(toBcd(1000)).toBe(0x1000);
    expect(fromBcd(0x1000)).toBe(1000);
    expect(fromBcd(0x23)).toBe(23);
    for (let v = 0; v < 10000; v += 37) expect(fromBcd(toBcd(v))).toBe(v);
  });
});

describe('state bytes', () => {
  it('round-trip through hex and reject malformed text', () => {
    const bytes = Uint8Array.from([0, 1, 0x7f, 0x80, 0xff]);
    expect(bytesToHex(bytes)).toBe('00017f80ff');
    expect(hexToBytes('00017f80ff')).toEqual(bytes);
    expect(() => hexToBytes('abc')).toThrow(/whole bytes/);
    expect(() => hexToBytes('zz')).toThrow(/hex/);
  });
});
