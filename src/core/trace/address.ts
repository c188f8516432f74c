// Guest addresses as ExitScope stores them: numbers, with 64-bit canonical addresses kept
// sign-extended (see ExitRecord.rip). formatAddress prints what the hardware would: the
// unsigned 64-bit value in hex, e.g. -0x7efd5e3e → 0xffffffff8102a1c2.
export function formatAddress(v: number): string {
  return '0x' + (v < 0 ? BigInt.asUintN(64, BigInt(v)) : v).toString(16);
}
