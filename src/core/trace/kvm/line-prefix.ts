// The wrapper every trace event line has, whatever tool printed it (anchors.md §4.1):
//   tracefs:   <comm>-<pid> [<cpu>] [<flags>] <sec.frac>: <event>: <payload>
//   trace-cmd: <comm>-<pid> [<cpu>] <sec.frac>: <event>:<padding> <payload>
//   perf:      <comm> <pid>[/<tid>] [<cpu>] <sec.frac>: [<period>] <sys>:<event>: <payload>
// The comm may hold spaces, dashes and digits (`CPU 0/KVM`, `qemu-system-x86`), so the line is
// read from its anchor, the `[<digits>]` CPU column: the thread id is the number just before
// it, the flags column (never starting with a digit) and the timestamp just after it.
//
// parsePrefix fills a reused LinePrefix with offsets into the line (no substrings) and says
// whether the line had that shape. The timestamp is kept as whole seconds and nanoseconds
// (fraction digits beyond 9 are dropped, fewer are scaled), so differences stay exact even
// when seconds * 1e9 would not fit a double's 53 bits.

import { isDigit } from './cursor';

export interface LinePrefix {
  /** Thread id: the pid column of tracefs/trace-cmd, the tid of perf. */
  tid: number;
  commStart: number;
  commEnd: number;
  sec: number;
  nsec: number;
  /** Event name without a `system:` prefix. */
  eventStart: number;
  eventEnd: number;
  payloadStart: number;
  /** A latency-flags column was present (tracefs). */
  flags: boolean;
  /** The pid was separated from the comm by a space (perf script). */
  spacePid: boolean;
  /** The event name carried a `system:` prefix (perf script). */
  system: boolean;
  /** More than one blank after `<event>:` (trace-cmd pads event names to a column). */
  padded: boolean;
}

export function newLinePrefix(): LinePrefix {
  return { tid: 0, commStart: 0, commEnd: 0, sec: 0, nsec: 0, eventStart: 0, eventEnd: 0, payloadStart: 0, flags: false, spacePid: false, system: false, padded: false };
}

const POW10 = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** Find `[digits]`; return the index of `[` or -1. */
function cpuColumn(line: string): number {
  let lb = line.indexOf('[');
  while (lb >= 0) {
    let j = lb + 1;
    while (isDigit(line.charCodeAt(j))) j++;
    if (j > lb + 1 && line.charCodeAt(j) === 93 /* ] */) return lb;
    lb = line.indexOf('[', lb + 1);
  }
  return -1;
}

/** Read the digits ending just before `end` (exclusive); return their start, or -1. */
function digitsBefore(line: string, end: number): number {
  let p = end;
  while (p > 0 && isDigit(line.charCodeAt(p - 1))) p--;
  return p < end ? p : -1;
}

function numberAt(line: string, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 10 + (line.charCodeAt(i) - 48);
  return v;
}

export function parsePrefix(line: string, out: LinePrefix): boolean {
  const lb = cpuColumn(line);
  if (lb < 1) return false;
  // --- thread: <comm>-<pid> or <comm> <pid>[/<tid>] ---
  let p = lb;
  while (p > 0 && line.charCodeAt(p - 1) === 32) p--;
  const idEnd = p;
  let idStart = digitsBefore(line, idEnd);
  if (idStart < 0) return false;
  out.tid = numberAt(line, idStart, idEnd);
  if (line.charCodeAt(idStart - 1) === 47 /* / */) {
    const pidStart = digitsBefore(line, idStart - 1);
    if (pidStart < 0) return false;
    idStart = pidStart;
  }
  const sep = line.charCodeAt(idStart - 1);
  if (sep === 45 /* - */) out.spacePid = false;
  else if (sep === 32 || idStart === 0) out.spacePid = true;
  else return false;
  let cs = 0;
  while (line.charCodeAt(cs) === 32) cs++;
  out.commStart = cs;
  let ce = idStart > 0 ? idStart - 1 : 0;
  while (ce > cs && line.charCodeAt(ce - 1) === 32) ce--;
  out.commEnd = ce;

  // --- [cpu] [flags] sec.frac: ---
  let i = line.indexOf(']', lb) + 1;
  while (line.charCodeAt(i) === 32) i++;
  out.flags = false;
  if (!isDigit(line.charCodeAt(i))) {
    while (i < line.length && line.charCodeAt(i) !== 32) i++;
    while (line.charCodeAt(i) === 32) i++;
    out.flags = true;
  }
  let sec = 0;
  let c = line.charCodeAt(i);
  if (!isDigit(c)) return false;
  do {
    sec = sec * 10 + (c - 48);
    c = line.charCodeAt(++i);
  } while (isDigit(c));
  let nsec = 0;
  if (c === 46 /* . */) {
    let digits = 0;
    c = line.charCodeAt(++i);
    while (isDigit(c)) {
      if (digits < 9) nsec = nsec * 10 + (c - 48);
      digits++;
      c = line.charCodeAt(++i);
    }
    if (digits === 0) return false;
    if (digits < 9) nsec *= POW10[digits];
  }
  if (c !== 58 /* : */) return false;
  out.sec = sec;
  out.nsec = nsec;
  i++;
  while (line.charCodeAt(i) === 32) i++;
  // perf may print a sample period before the event
  if (isDigit(line.charCodeAt(i))) {
    while (isDigit(line.charCodeAt(i))) i++;
    while (line.charCodeAt(i) === 32) i++;
  }

  // --- event: the token up to a ':' that ends it ---
  const evStart = i;
  let colon = line.indexOf(':', i);
  let nameStart = evStart;
  while (colon >= 0) {
    const next = line.charCodeAt(colon + 1);
    if (next === 32 || colon + 1 >= line.length) break;
    nameStart = colon + 1;
    colon = line.indexOf(':', colon + 1);
  }
  if (colon <= nameStart) return false;
  if (line.indexOf(' ', evStart) < colon && line.indexOf(' ', evStart) >= 0) return false;
  out.system = nameStart !== evStart;
  out.eventStart = nameStart;
  out.eventEnd = colon;
  i = colon + 1;
  const blanks = i;
  while (line.charCodeAt(i) === 32) i++;
  out.padded = i - blanks > 1;
  out.payloadStart = i;
  return true;
}
