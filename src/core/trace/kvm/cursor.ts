// A reusable cursor over one line of trace text: the allocation-free primitives (spaces,
// literals, decimal and hex numbers) that line-prefix.ts and payloads.ts are built from.
// One Cursor is reset per line; nothing here keeps a reference to a line after the next reset.
//
// Hex numbers are read as two unsigned 32-bit halves (hi, lo) so 64-bit values stay exact;
// digits beyond 16 keep only the low 64 bits. The digit span is kept for callers that need the
// text (info1/info2 are stored as hex strings).

const SPACE = 32;
const TAB = 9;

export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A 64-bit value read as two's complement: exact for every canonical x86-64 address. */
export function signed64(hi: number, lo: number): number {
  return (hi | 0) * 4294967296 + lo;
}

/** `0x` + the hex digits of s[start, end) without leading zeros, lowercased. */
export function hexText(s: string, start: number, end: number): string {
  let i = start;
  while (i < end - 1 && s.charCodeAt(i) === 48) i++;
  return `0x${s.slice(i, end).toLowerCase()}`;
}

export class Cursor {
  s = '';
  i = 0;
  n = 0;
  /** Result of the last hex(): high and low 32 bits, and where its digits are. */
  hi = 0;
  lo = 0;
  hexStart = 0;
  hexEnd = 0;

  reset(s: string, i: number): void {
    this.s = s;
    this.i = i;
    this.n = s.length;
  }

  atEnd(): boolean {
    return this.i >= this.n;
  }

  peek(): number {
    return this.i < this.n ? this.s.charCodeAt(this.i) : -1;
  }

  /** Skip blanks; return how many were skipped. */
  spaces(): number {
    const start = this.i;
    let c = this.s.charCodeAt(this.i);
    while (c === SPACE || c === TAB) c = this.s.charCodeAt(++this.i);
    return this.i - start;
  }

  /** Consume `t` if the text continues with it. */
  lit(t: string): boolean {
    if (!this.s.startsWith(t, this.i)) return false;
    this.i += t.length;
    return true;
  }

  /** Consume a decimal number; -1 when there are no digits. */
  uint(): number {
    let c = this.s.charCodeAt(this.i);
    if (!isDigit(c)) return -1;
    let v = 0;
    do {
      v = v * 10 + (c - 48);
      c = this.s.charCodeAt(++this.i);
    } while (isDigit(c));
    return v;
  }

  /** Consume a hex number with an optional 0x prefix; false (cursor unmoved) when no digits. */
  hex(): boolean {
    const s = this.s;
    let i = this.i;
    if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 && hexDigit(s.charCodeAt(i + 2)) >= 0) i += 2;
    const start = i;
    let hi = 0;
    let lo = 0;
    let d = hexDigit(s.charCodeAt(i));
    if (d < 0) return false;
    do {
      hi = ((hi << 4) | (lo >>> 28)) >>> 0;
      lo = ((lo << 4) | d) >>> 0;
      d = hexDigit(s.charCodeAt(++i));
    } while (d >= 0);
    this.hi = hi;
    this.lo = lo;
    this.hexStart = start;
    this.hexEnd = i;
    this.i = i;
    return true;
  }

  /** Skip to the next blank (or the end). */
  skipToken(): void {
    let c = this.s.charCodeAt(this.i);
    while (this.i < this.n && c !== SPACE && c !== TAB) c = this.s.charCodeAt(++this.i);
  }
}
