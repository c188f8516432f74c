// The wrapper every trace event line has, whatever tool printed it (anchors.md §4.1):
//   tracefs:   <comm>-<pid> [<cpu>] [<flags>] <sec.frac>: <event>: <payload>
//   trace-cmd: <comm>-<pid> [<cpu>] <sec.frac>: <event>:<padding> <payload>
//   perf:      <comm> <pid>[/<tid>] [<cpu>] <sec.frac>: [<period>] <sys>:<event>: <payload>
// The comm may hold spaces, dashes and digits (`CPU 0/KVM`, `qemu-system-x86`), so the line is
// read from its anchor, the `[<digits>]` CPU column: the thread id is the number just before
// it, the flags column (never starting with a digit) and the timestamp just after it.
//
// LinePrefix.parse fills the object's fields with offsets into the line (no substrings) and
// says whether the line had that shape. It touches as few characters as it can (indexOf for
// every skip): this runs for every line of multi-gigabyte traces. The comm is located only on
// request (commRange), since only a thread's first line needs it. The timestamp is kept as whole
// seconds and nanoseconds (fraction digits beyond 9 are dropped, fewer are scaled), so
// differences stay exact even when seconds * 1e9 would not fit a double's 53 bits.

const SP = 32;

const POW10 = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

export class LinePrefix {
  /** Thread id: the pid column of tracefs/trace-cmd, the tid of perf. */
  tid = 0;
  sec = 0;
  nsec = 0;
  /** Event name without a `system:` prefix: line[eventStart, eventEnd). */
  eventStart = 0;
  eventEnd = 0;
  payloadStart = 0;
  /** A latency-flags column was present (tracefs). */
  flags = false;
  /** The pid was separated from the comm by a space (perf script). */
  spacePid = false;
  /** The event name carried a `system:` prefix (perf script). */
  system = false;
  /** More than one blank after `<event>:` (trace-cmd pads event names to a column). */
  padded = false;
  /** Index of the first character after the comm (its '-' or ' ' separator). */
  private commSep = 0;

  /** Parse the prefix of `line`; false when the line is not an event line. */
  parse(line: string): boolean {
    const rb = this.parseThread(line);
    return rb >= 0 && this.parseRest(line, rb);
  }

  /** Find the `[digits]` that follows a thread id; returns the index of its `]`, or -1. */
  private parseThread(line: string): number {
    let lb = line.indexOf('[');
    while (lb > 0) {
      let j = lb + 1;
      let c = line.charCodeAt(j);
      while (c >= 48 && c <= 57) c = line.charCodeAt(++j);
      if (c === 93 /* ] */ && j > lb + 1 && this.readThreadId(line, lb)) return j;
      lb = line.indexOf('[', lb + 1);
    }
    return -1;
  }

  /** Read `<comm>-<pid>` or `<comm> <pid>[/<tid>]` ending before line[lb]; false if absent. */
  private readThreadId(line: string, lb: number): boolean {
    let p = lb - 1;
    while (p >= 0 && line.charCodeAt(p) === SP) p--;
    let c = line.charCodeAt(p);
    if (!(c >= 48 && c <= 57)) return false;
    let tid = 0;
    let scale = 1;
    while (c >= 48 && c <= 57) {
      tid += (c - 48) * scale;
      scale *= 10;
      c = line.charCodeAt(--p);
    }
    if (c === 47 /* / */) {
      c = line.charCodeAt(--p);
      if (!(c >= 48 && c <= 57)) return false;
      while (c >= 48 && c <= 57) c = line.charCodeAt(--p);
    }
    if (c === 45 /* - */) this.spacePid = false;
    else if (c === SP || p < 0) this.spacePid = true;
    else return false;
    this.tid = tid;
    this.commSep = p < 0 ? 0 : p;
    return true;
  }

  private parseRest(line: string, rb: number): boolean {
    let c: number;
    // --- [flags] sec.frac: ---
    let i = rb + 1;
    while (line.charCodeAt(i) === SP) i++;
    c = line.charCodeAt(i);
    this.flags = !(c >= 48 && c <= 57);
    if (this.flags) {
      i = line.indexOf(' ', i);
      if (i < 0) return false;
      while (line.charCodeAt(i) === SP) i++;
      c = line.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) return false;
    }
    let sec = 0;
    do {
      sec = sec * 10 + (c - 48);
      c = line.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
    let nsec = 0;
    if (c === 46 /* . */) {
      const start = i + 1;
      c = line.charCodeAt(++i);
      while (c >= 48 && c <= 57) {
        nsec = nsec * 10 + (c - 48);
        c = line.charCodeAt(++i);
      }
      const digits = i - start;
      if (digits === 0) return false;
      if (digits < 9) nsec *= POW10[digits];
      else if (digits > 9) nsec = Math.floor(nsec / 10 ** (digits - 9));
    }
    if (c !== 58 /* : */) return false;
    this.sec = sec;
    this.nsec = nsec;
    i++;
    while (line.charCodeAt(i) === SP) i++;
    c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // perf may print a sample period before the event
      i = line.indexOf(' ', i);
      if (i < 0) return false;
      while (line.charCodeAt(i) === SP) i++;
    }

    // --- event: the token up to a ':' followed by a blank or the end of the line ---
    const evStart = i;
    const blank = line.indexOf(' ', i);
    const colon = (blank < 0 ? line.length : blank) - 1;
    if (colon <= evStart || line.charCodeAt(colon) !== 58 /* : */) return false;
    const first = line.indexOf(':', evStart);
    const nameStart = first < colon ? first + 1 : evStart;
    if (colon <= nameStart) return false;
    this.system = nameStart !== evStart;
    this.eventStart = nameStart;
    this.eventEnd = colon;
    i = colon + 1;
    while (line.charCodeAt(i) === SP) i++;
    this.padded = i - colon > 2;
    this.payloadStart = i;
    return true;
  }

  /** [start, end) of the comm of the line last parsed (leading and trailing blanks trimmed). */
  commRange(line: string): [number, number] {
    let start = 0;
    while (line.charCodeAt(start) === SP) start++;
    let end = this.commSep;
    while (end > start && line.charCodeAt(end - 1) === SP) end--;
    return [start, end];
  }
}
