// The wrapper every trace event line has, whatever tool printed it (anchors.md §4.1):
//   tracefs:   <comm>-<pid> [(<tgid>)] [<cpu>] [<flags>] <sec.frac>: <event>: <payload>
//   trace-cmd: <comm>-<pid> [<cpu>] <sec.frac>: <event>:<padding> <payload>
//   perf:      <comm> <pid>[/<tid>] [<cpu>] <sec.frac>: [<period>] <sys>:<event>: <payload>
// The comm may hold spaces, dashes and digits (`CPU 0/KVM`, `qemu-system-x86`), so the line is
// read from its anchor, the `[<digits>]` CPU column: the thread id is the number just before
// it, the flags column (never starting with a digit) and the timestamp just after it, up to
// the first ": " (flags and timestamps never contain one).
//
// Reading is split by need, since this runs for every line of multi-gigabyte traces and most
// lines need little: parse() locates the CPU column, the event name and the payload (enough to
// count an event and reject it cheaply); thread() reads the thread id, only for the kvm events
// that are paired; time() reads the flags and timestamp, only for the events that carry the
// times (kvm_exit, kvm_entry). The comm is located only on request (commRange), for a thread's
// first line. No substrings are made. The timestamp is kept as whole seconds and nanoseconds
// (fraction digits beyond 9 are dropped, fewer are scaled), so differences stay exact even when
// seconds * 1e9 would not fit a double's 53 bits. Seconds of more than MAX_SEC_DIGITS digits
// are read (the line is well-formed) but marked `absurd`, for the importer to refuse the line.
//
// Invariant: thread(), time() and commRange() describe the line last given to parse().

const SP = 32;

/** Timestamps of 12 or more digits of seconds (≥ 1e11 s) are beyond every trace clock. */
export const MAX_SEC_DIGITS = 11;

const POW10 = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

export class LinePrefix {
  /** Event name without a `system:` prefix: line[eventStart, eventEnd). */
  eventStart = 0;
  eventEnd = 0;
  payloadStart = 0;
  /** The event name carried a `system:` prefix (perf script). */
  system = false;
  /** More than one blank after `<event>:` (trace-cmd pads event names to a column). */
  padded = false;
  /** Set by thread(): the pid column of tracefs/trace-cmd, the tid of perf. */
  tid = 0;
  /** Set by thread(): the pid was separated from the comm by a space (perf script). */
  spacePid = false;
  /** Set by time(). */
  sec = 0;
  nsec = 0;
  /** Set by time(): a latency-flags column was present (tracefs). */
  flags = false;
  /**
   * Set by time(): the seconds have more than MAX_SEC_DIGITS digits (over 3,000 years of any
   * clock: a counter clock or a damaged line); sec is then not exact and may be Infinity.
   */
  absurd = false;
  /** Index of `[` and `]` of the CPU column, and of the ':' that ends the timestamp. */
  private lb = 0;
  private rb = 0;
  private tsColon = 0;
  /** Index of the character after the comm (its '-' or ' ' separator), set by thread(). */
  private commSep = 0;

  /** Locate the CPU column, event name and payload; false when the line is not an event line. */
  parse(line: string): boolean {
    let lb = line.indexOf('[');
    let rb = -1;
    while (lb > 0) {
      let j = lb + 1;
      let c = line.charCodeAt(j);
      while (c >= 48 && c <= 57) c = line.charCodeAt(++j);
      if (c === 93 /* ] */ && j > lb + 1 && this.idBefore(line, lb) >= 0) {
        rb = j;
        break;
      }
      lb = line.indexOf('[', lb + 1);
    }
    if (rb < 0) return false;
    const tsColon = line.indexOf(': ', rb);
    if (tsColon < 0) return false;
    this.lb = lb;
    this.rb = rb;
    this.tsColon = tsColon;

    let i = tsColon + 2;
    while (line.charCodeAt(i) === SP) i++;
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // perf may print a sample period before the event
      i = line.indexOf(' ', i);
      if (i < 0) return false;
      while (line.charCodeAt(i) === SP) i++;
    }
    // the event: the token up to a ':' followed by a blank or the end of the line
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

  /** Read `<comm>-<pid>` or `<comm> <pid>[/<tid>]` before the CPU column into tid; false if malformed. */
  thread(line: string): boolean {
    let p = this.idBefore(line, this.lb);
    if (p < 0) return false;
    let c = line.charCodeAt(p);
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

  /** Read the flags column and the timestamp into flags, sec, nsec; false if malformed. */
  time(line: string): boolean {
    let i = this.rb + 1;
    while (line.charCodeAt(i) === SP) i++;
    let c = line.charCodeAt(i);
    this.flags = !(c >= 48 && c <= 57);
    if (this.flags) {
      i = line.indexOf(' ', i);
      if (i < 0) return false;
      while (line.charCodeAt(i) === SP) i++;
      c = line.charCodeAt(i);
      if (!(c >= 48 && c <= 57)) return false;
    }
    let sec = 0;
    const secStart = i;
    do {
      sec = sec * 10 + (c - 48);
      c = line.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
    this.absurd = i - secStart > MAX_SEC_DIGITS;
    let nsec = 0;
    if (c === 46 /* . */) {
      const start = i + 1;
      c = line.charCodeAt(++i);
      while (c >= 48 && c <= 57) {
        // only the first 9 fraction digits count: more never overflow into Infinity / NaN
        if (i - start < 9) nsec = nsec * 10 + (c - 48);
        c = line.charCodeAt(++i);
      }
      const digits = i - start;
      if (digits === 0) return false;
      if (digits < 9) nsec *= POW10[digits];
    }
    if (i !== this.tsColon) return false;
    this.sec = sec;
    this.nsec = nsec;
    return true;
  }

  /** [start, end) of the comm (leading and trailing blanks trimmed); call after thread(). */
  commRange(line: string): [number, number] {
    let start = 0;
    while (line.charCodeAt(start) === SP) start++;
    let end = this.commSep;
    while (end > start && line.charCodeAt(end - 1) === SP) end--;
    return [start, end];
  }

  /** Index of the last digit of the thread id ending before line[lb] (skipping a `(tgid)` column), or -1. */
  private idBefore(line: string, lb: number): number {
    let p = lb - 1;
    while (p >= 0 && line.charCodeAt(p) === SP) p--;
    let c = line.charCodeAt(p);
    if (c === 41 /* ) */) {
      // tracefs with options/record-tgid: <comm>-<pid> (<tgid>) [cpu]
      p = line.lastIndexOf('(', p) - 1;
      while (p >= 0 && line.charCodeAt(p) === SP) p--;
      c = line.charCodeAt(p);
    }
    return c >= 48 && c <= 57 ? p : -1;
  }
}
