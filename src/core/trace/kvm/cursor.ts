// A reusable cursor over one line of trace text: the allocation-free primitives (spaces,
// literals, decimal and hex numbers) that the payload parsers are built from. One Cursor is
// reset per line; nothing here keeps a reference to a line after the next reset.
//
// Measured on the sliced strings a line reader produces (V8, Node 20): skips use indexOf, far
// cheaper per character than a charCodeAt loop; literal matches use a charCodeAt loop
// (matchAt), cheaper than startsWith with a position; hex digits go through a lookup table.
//
// Hex numbers read by hex() are kept as two unsigned 32-bit halves (hi, lo) so 64-bit values
// stay exact; digits beyond 16 keep only the low 64 bits. hexSpan() only locates a hex token,
// for values of which only the text or the low 32 bits are needed.

const SPACE = 32;
const TAB = 9;

/** Hex digit values by character code (-1: not a hex digit). */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[48 + d] = d;
for (let d = 0; d < 6; d++) {
  HEX[97 + d] = 10 + d;
  HEX[65 + d] = 10 + d;
}

export function hexDigit(c: number): number {
  return c < 128 ? HEX[c] : -1;
}

/**
 * Whether s continues with t at index i. A plain character loop: on the sliced strings a line
 * reader produces it measured faster than String.prototype.startsWith with a position.
 */
export function matchAt(s: string, i: number, t: string): boolean {
  const n = t.length;
  if (i + n > s.length) return false;
  for (let k = 0; k < n; k++) if (s.charCodeAt(i + k) !== t.charCodeAt(k)) return false;
  return true;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class Cursor {
  s = '';
  i = 0;
  n = 0;
  /** Result of the last hex(): high and low 32 bits. */
  hi = 0;
  lo = 0;
  /** Digits of the last hex() / hexSpan(): s[hexStart, hexEnd). */
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
    if (!matchAt(this.s, this.i, t)) return false;
    this.i += t.length;
    return true;
  }

  /** Consume a decimal number; -1 when there are no digits. */
  uint(): number {
    let c = this.s.charCodeAt(this.i);
    if (!(c >= 48 && c <= 57)) return -1;
    let v = 0;
    do {
      v = v * 10 + (c - 48);
      c = this.s.charCodeAt(++this.i);
    } while (c >= 48 && c <= 57);
    return v;
  }

  /** Consume a hex number with an optional 0x prefix; false (cursor unmoved) when no digits. */
  hex(): boolean {
    const s = this.s;
    let i = this.i;
    if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 && hexDigit(s.charCodeAt(i + 2)) >= 0) i += 2;
    const start = i;
    let c = s.charCodeAt(i);
    let d = c < 128 ? HEX[c] : -1;
    if (d < 0) return false;
    let hi = 0;
    let lo = 0;
    do {
      hi = ((hi << 4) | (lo >>> 28)) >>> 0;
      lo = ((lo << 4) | d) >>> 0;
      c = s.charCodeAt(++i);
      d = c < 128 ? HEX[c] : -1;
    } while (d >= 0);
    this.hi = hi;
    this.lo = lo;
    this.hexStart = start;
    this.hexEnd = i;
    this.i = i;
    return true;
  }

  /**
   * Consume a token taken as hex (optional 0x) without converting it: sets hexStart/hexEnd and
   * returns false when it is empty. Its digits are checked only by the readers below.
   */
  hexSpan(): boolean {
    const s = this.s;
    let i = this.i;
    if (s.charCodeAt(i) === 48 && s.charCodeAt(i + 1) === 120 /* x */) i += 2;
    const sp = s.indexOf(' ', i);
    const end = sp < 0 ? this.n : sp;
    if (end === i) return false;
    this.hexStart = i;
    this.hexEnd = end;
    this.i = end;
    return true;
  }

  /** The low 32 bits of the hex digits s[start, end), or -1 if one of the last 8 is not hex. */
  low32(start: number, end: number): number {
    const s = this.s;
    let v = 0;
    for (let i = end - 8 > start ? end - 8 : start; i < end; i++) {
      const c = s.charCodeAt(i);
      const d = c < 128 ? HEX[c] : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  /** Whether every digit of s[start, end) above the low 32 bits is 0. */
  highIsZero(start: number, end: number): boolean {
    for (let i = start; i < end - 8; i++) if (this.s.charCodeAt(i) !== 48) return false;
    return true;
  }

  /** The last hex() value as a two's complement 64-bit number: exact for every canonical x86-64 address. */
  signed64(): number {
    return (this.hi | 0) * 4294967296 + this.lo;
  }

  /** `0x` + the hex digits s[start, end) without leading zeros, lowercased; null if one is not hex. */
  hexText(start: number, end: number): string | null {
    const s = this.s;
    let i = start;
    while (i < end - 1 && s.charCodeAt(i) === 48) i++;
    if (i === end - 1 && s.charCodeAt(i) === 48) return '0x0';
    let upper = false;
    for (let j = i; j < end; j++) {
      const c = s.charCodeAt(j);
      if (!(c < 128 && HEX[c] >= 0)) return null;
      if (c >= 65 && c <= 70) upper = true;
    }
    const digits = s.slice(i, end);
    return `0x${upper ? digits.toLowerCase() : digits}`;
  }

  /** Skip to the next space (or the end), without reading the characters in between. */
  skipToken(): void {
    const sp = this.s.indexOf(' ', this.i);
    this.i = sp < 0 ? this.n : sp;
  }
}
