// How a line reader hands the importer a line it did not keep because it was too long: a
// marker string that starts with '\n' (no real line holds one: lines are split on it) followed
// by the line's length. The importer counts it as a bad line.

/** Lines longer than this (in UTF-16 code units, about bytes for trace text) are not kept. */
export const MAX_LINE_CHARS = 1 << 20;

export function overLongLine(length: number): string {
  return `\n${length}`;
}

/** The length recorded in an over-long-line marker, or -1 when `line` is a real line. */
export function overLongLength(line: string): number {
  return line.charCodeAt(0) === 10 ? Number(line.slice(1)) : -1;
}
