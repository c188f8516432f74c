import { describe, expect, it } from 'vitest';
import { mulDivCeil, mulDivFloor } from '../../../src/core/machine/rate';

const exactFloor = (a: number, b: number, c: number): number => Number((BigInt(a) * BigInt(b)) / BigInt(c));

describe('mulDivFloor / mulDivCeil', () => {
  it('are exact for small values', () => {
    expect(mulDivFloor(10, 3, 4)).toBe(7);
    expect(mulDivCeil(10, 3, 4)).toBe(8);
    expect(mulDivCeil(8, 3, 4)).toBe(6);
    expect(mulDivFloor(0, 5, 7)).toBe(0);
  });

  it('stay exact when the product passes 2^53', () => {
    const cases: [number, number, number][] = [
      [2 ** 52 + 12345, 3_579_545, 1_000_000_000],
      [987_654_321_987_654, 1_193_182, 2_999_999_999],
      [Number.MAX_SAFE_INTEGER, 1_000_000_000, 99_999_999_989],
      [123_456_789_012, 100_000_000_000, 3_579_545],
    ];
    for (const [a, b, c] of cases) {
      const f = exactFloor(a, b, c);
      expect(mulDivFloor(a, b, c)).toBe(f);
      const exact = (BigInt(a) * BigInt(b)) % BigInt(c) === 0n;
      expect(mulDivCeil(a, b, c)).toBe(exact ? f : f + 1);
    }
  });

  it('corrects a double quotient that rounds across an integer', () => {
    // (c*k - 1) / c rounds up to k in doubles when k is large.
    const c = 1_000_003;
    const k = 2 ** 32 + 7;
    const n = c * k - 1;
    expect(n).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(mulDivFloor(n, 1, c)).toBe(k - 1);
  });
});
