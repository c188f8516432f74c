// Whether two values are the same bytes: both Uint8Arrays of equal content (or the same value).
// The exit packer compares instruction bytes with it to find a record's kind, the recorder to
// spot a repeated exit.
export function sameBytes(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
