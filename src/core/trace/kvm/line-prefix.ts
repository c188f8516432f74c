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
// `perf script -F` may drop any of the columns around the event (comm, pid/tid, cpu, time,
// period; ip/sym/dso come after the payload and are skipped by the payload parsers). A line
// without the `[<cpu>]` anchor, or whose anchor is not followed by a timestamp, is read by
// parsePerfFields instead: perf prints the event as `<sys>:<name>:` (a system prefix no other
// tool prints), and the tokens before it are taken from the right (period, time, cpu, pid/tid,
// comm). Without a thread column the thread is keyed by the host CPU (when present), else all
// events share one key. Without a time column hasTime is false and sec, nsec are 0.
// pid: the process of the thread where the line says it (perf `pid/tid`, tracefs `(tgid)`), else -1.
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
  /** Set by thread(): the process id where the line shows it, else -1. */
  pid = -1;
  /** Set by time(): the line has a time column (only perf -F can drop it). */
  hasTime = true;
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
  /** parse() read the line with parsePerfFields; the fb* fields hold what it found. */
  private fallback = false;
  private fbTid = 0;
  private fbPid = -1;
  private fbTimeStart = -1;
  private fbTimeEnd = -1;
  private fbCommStart = 0;
  private fbCommEnd = 0;

  /** Locate the CPU column, event name and payload; false when the line is not an event line. */
  parse(line: string): boolean {
    this.fallback = false;
    if (this.parseAnchored(line)) return true;
    return this.parsePerfFields(line);
  }

  private parseAnchored(line: string): boolean {
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
    if (this.fallback) {
      this.tid = this.fbTid;
      this.pid = this.fbPid;
      this.spacePid = true;
      return true;
    }
    this.pid = -1;
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
      let pid = 0;
      scale = 1;
      while (c >= 48 && c <= 57) {
        pid += (c - 48) * scale;
        scale *= 10;
        c = line.charCodeAt(--p);
      }
      this.pid = pid;
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
    if (this.fallback) return this.fallbackTime(line);
    this.hasTime = true;
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
    if (this.fallback) return [this.fbCommStart, this.fbCommEnd];
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
      const open = line.lastIndexOf('(', p);
      const tgid = Number(line.slice(open + 1, p).trim());
      if (Number.isInteger(tgid) && tgid >= 0) this.pid = tgid;
      p = open - 1;
      while (p >= 0 && line.charCodeAt(p) === SP) p--;
      c = line.charCodeAt(p);
    }
    return c >= 48 && c <= 57 ? p : -1;
  }

  /** A perf script line without the `[cpu]` + time anchor (perf -F): see the header. */
  private parsePerfFields(line: string): boolean {
    PERF_EVENT.lastIndex = 0;
    const m = PERF_EVENT.exec(line);
    if (m === null) return false;
    const sysStart = m.index + m[0].length - m[1]!.length - m[2]!.length - 2;
    this.system = true;
    this.padded = false;
    this.eventStart = sysStart + m[1]!.length + 1;
    this.eventEnd = this.eventStart + m[2]!.length;
    let i = this.eventEnd + 1;
    while (line.charCodeAt(i) === SP) i++;
    this.payloadStart = i;
    // the columns before the event, right to left
    const toks: [number, number][] = [];
    TOKEN.lastIndex = 0;
    const head = line.slice(0, sysStart);
    for (let t = TOKEN.exec(head); t !== null; t = TOKEN.exec(head)) toks.push([t.index, t.index + t[0].length]);
    let k = toks.length - 1;
    const tok = (j: number): string => line.slice(toks[j]![0], toks[j]![1]);
    this.fbTimeStart = -1;
    if (k >= 1 && /^\d+$/.test(tok(k)) && /^\d+(\.\d+)?:$/.test(tok(k - 1))) k--; // period
    if (k >= 0 && /^\d+(\.\d+)?:$/.test(tok(k))) {
      this.fbTimeStart = toks[k]![0];
      this.fbTimeEnd = toks[k]![1] - 1;
      k--;
    }
    let cpu = -1;
    if (k >= 0 && /^\[\d+\]$/.test(tok(k))) {
      cpu = Number(tok(k).slice(1, -1));
      k--;
    }
    this.fbPid = -1;
    this.fbTid = cpu >= 0 ? -(cpu + 1) : -1;
    const ids = k >= 0 ? /^(\d+)(?:\/(\d+))?$/.exec(tok(k)) : null;
    if (ids !== null) {
      this.fbTid = Number(ids[2] ?? ids[1]);
      if (ids[2] !== undefined) this.fbPid = Number(ids[1]);
      k--;
    }
    this.fbCommStart = k >= 0 ? toks[0]![0] : 0;
    this.fbCommEnd = k >= 0 ? toks[k]![1] : 0;
    this.fallback = true;
    return true;
  }

  private fallbackTime(line: string): boolean {
    this.flags = false;
    this.absurd = false;
    if (this.fbTimeStart < 0) {
      this.hasTime = false;
      this.sec = 0;
      this.nsec = 0;
      return true;
    }
    this.hasTime = true;
    const text = line.slice(this.fbTimeStart, this.fbTimeEnd);
    const dot = text.indexOf('.');
    const secText = dot < 0 ? text : text.slice(0, dot);
    this.absurd = secText.length > MAX_SEC_DIGITS;
    this.sec = Number(secText);
    const frac = dot < 0 ? '' : text.slice(dot + 1, dot + 10);
    this.nsec = frac.length === 0 ? 0 : Number(frac) * POW10[frac.length]!;
    return true;
  }
}

/** perf's event column `<sys>:<name>:` as a token of its own. */
const PERF_EVENT = /(?:^|[ \t])([A-Za-z_][\w-]*):([A-Za-z_]\w*):(?=[ \t]|$)/g;
const TOKEN = /\S+/g;
