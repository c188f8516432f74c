// Binary-coded decimal, as the RTC's time registers and the PIT's BCD counting mode use it:
// one decimal digit per nibble, least significant digit in the low nibble.
export function toBcd(value: number): number {
  let out = 0;
  for (let shift = 0, v = value; v > 0; shift += 4, v = Math.floor(v / 10)) out |= (v % 10) << shift;
  return out;
}

export function fromBcd(value: number): number {
  let out = 0;
  for (let scale = 1, v = value; v > 0; scale *= 10, v >>>= 4) out += (v & 0xf) * scale;
  return out;
}
