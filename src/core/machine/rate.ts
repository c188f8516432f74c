// Exact conversions between the guest cycle count and other clocks (PIT, PM timer, baud
// rates, nanoseconds). Every device clock is an integer frequency in Hz, so a conversion is
// floor(a * b / c) on non-negative integers; doing it in doubles would round once the product
// passes 2^53, so the product is split (quotient and remainder of a by c) and BigInt is used
// only when even the split would not be exact.
// Invariant: all arguments are non-negative safe integers and c > 0.

const SAFE = Number.MAX_SAFE_INTEGER;

/** floor(a * b / c), exact. */
export function mulDivFloor(a: number, b: number, c: number): number {
  if (a * b <= SAFE) return floorDiv(a * b, c);
  const q = Math.floor(a / c);
  const r = a - q * c;
  if (r * b <= SAFE && q * b <= SAFE) return q * b + floorDiv(r * b, c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** ceil(a * b / c), exact. */
export function mulDivCeil(a: number, b: number, c: number): number {
  const f = mulDivFloor(a, b, c);
  // f * c == a * b exactly iff the division had no remainder.
  return isExact(a, b, c, f) ? f : f + 1;
}

function isExact(a: number, b: number, c: number, f: number): boolean {
  const ab = a * b;
  const fc = f * c;
  if (ab <= SAFE && fc <= SAFE) return ab === fc;
  return BigInt(a) * BigInt(b) === BigInt(f) * BigInt(c);
}

// floor(n / c) for an exact integer n <= 2^53; the double division can round up across an
// integer boundary, so the quotient is corrected against the remainder.
function floorDiv(n: number, c: number): number {
  let q = Math.floor(n / c);
  if (q * c > n) q -= 1;
  else if ((q + 1) * c <= n) q += 1;
  return q;
}
