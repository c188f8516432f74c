// KvmTextImporter: KVM trace text in, ExitRecords out, one line at a time (the caller reads the
// file and owns the sink). How the parts fit:
//   LinePrefix     finds the event name of a line (any of the 3 tools), and its thread and
//                  timestamp only when needed (kvm events / exits and entries);
//   EventCounter   counts every event by name; only the kvm events in KNOWN_EVENTS go further;
//   PayloadParser  parses their payloads; reasons + io-decode + insn-bytes interpret them;
//   ThreadTable    holds the one open exit per vCPU thread; exit-builder fills and closes it.
// Pairing: kvm_exit opens an exit on its thread (closing a still-open one with latency null);
// kvm_pio / kvm_userspace_exit / kvm_emulate_insn on the thread attach to the open exit;
// kvm_entry closes it with latency = entry - exit, computed from exact (sec, nsec) pairs.
// kvm_nested_vmexit is counted as handled but neither opens nor closes an exit.
// Partial recordings: kvm_pio, kvm_mmio, kvm_hypercall, kvm_msr and kvm_cpuid each attach to the
// open exit of their thread; with no kvm_exit open they make an exit of their own ("standalone":
// reason from the event, time of the event, latency and device location unknown), which stays
// open to collect what follows (a kvm_mmio read completing an unsatisfied-read, a kvm_entry)
// until the thread's next exit-making event, its kvm_entry or the end.
// Device location: 'userspace' when a KVM_EXIT_IO / KVM_EXIT_MMIO kvm_userspace_exit was seen
// for the exit; 'kernel' only when the trace is known to record kvm_userspace_exit (one was seen
// before the exit closed) and none came for it; otherwise unknown (null).
// A kvm_emulate_insn that reports failure flags its exit.
//
// Invariants: seq is assigned in kvm_exit order from 0; an exit is pushed exactly once, when it
// closes (so pushes come in close order, not seq order) or at finish(); every line is either an
// event (counted), a header, or a parse issue (counted in skippedLines).
// ExitRecord.rip holds the 64-bit RIP read as two's complement, so every canonical x86-64
// address is exact in a double (kernel addresses come out negative, as SQLite INTEGER would
// store them); BigInt.asUintN(64, BigInt(rip)) gives the unsigned address back.

import type { EventCount, ParseIssue, TraceTextFormat } from '../../../shared/dto';
import type { ExitRecord, ExitSink, Isa } from '../exit-record';
import { matchAt } from './cursor';
import { EventCounter, KNOWN_EVENTS } from './event-counter';
import type { KnownEvent } from './event-counter';
import { applyIoDecode, applyIoInsn, applyPio, closeExit, isIoExit, newExitRecord } from './exit-builder';
import { FormatDetector } from './format-detect';
import { headerKind } from './header-lines';
import { decodeIoInsnBytes } from './insn-bytes';
import { decodeSvmIoInfo1, decodeVmxIoQualification } from './io-decode';
import { LinePrefix, MAX_SEC_DIGITS } from './line-prefix';
import { MAX_LINE_CHARS, overLongLength } from './over-long-line';
import { PayloadParser } from './payloads';
import { CANONICAL } from './reason-tables';
import { ReasonResolver } from './reasons';
import type { ReasonInfo } from './reasons';
import { ThreadTable } from './threads';
import type { ThreadState } from './threads';

export interface KvmImportOptions {
  /** How many parse issues to keep (all are counted). Default 20. */
  maxIssues?: number;
}

export interface KvmImportStats {
  /** The tool that printed the text (format-detect.ts); null when no event line was seen. */
  format: TraceTextFormat | null;
  /** Lines fed, headers and bad lines included. */
  lines: number;
  /** Exits pushed to the sink. */
  exits: number;
  /** Of those, port-I/O exits: reason IO_INSTRUCTION or carrying a kvm_pio. */
  ioExits: number;
  /** Lines that were neither events nor headers, or kvm events whose payload did not parse. */
  skippedLines: number;
  /** The first maxIssues of the skipped lines. */
  issues: ParseIssue[];
  /** Every event name seen, with its count; handled = took part in the import. */
  events: EventCount[];
  /** Distinct vCPU numbers among the exits. */
  vcpus: number;
  /** Earliest and latest kvm_exit / kvm_entry timestamp (trace_pipe text may be slightly out of order). */
  firstTimeNs: number | null;
  lastTimeNs: number | null;
  /** Lines over the reader's length limit (line-reader.ts), counted in skippedLines. */
  overLongLines: number;
  /** Event lines whose timestamp has more than MAX_SEC_DIGITS digits of seconds, counted in skippedLines. */
  absurdTimestamps: number;
  /** Exits whose kvm_entry came before their kvm_exit: stored with latency unknown and flagged. */
  negativeLatencies: number;
  /** Exits stamped earlier than an earlier event of the same thread: flagged. */
  timeBackwards: number;
  /** Exits whose kvm_emulate_insn reported that emulation failed: flagged. */
  emulationFailures: number;
  /** Exits made by an event other than kvm_exit (partial recordings). */
  standaloneExits: number;
  /** Exit-making and entry lines without a time column (perf script -F without time): their exits have time 0 and no latency. */
  untimedEvents: number;
  /** Bad lines that follow a line of 60-79 characters: the tail of a line a mailer broke. */
  wrappedLines: number;
  /** The first MAX_FLAGGED flagged exits, as issues on the exit's line (all are counted above). */
  flagged: ParseIssue[];
}

const ISSUE_TEXT_MAX = 300;
const MAX_FLAGGED = 1000;
const RECENT_REASONS = 16;
const IO = CANONICAL.IO;

/** The reasons of standalone exits: named by the event that made them; no ISA, no code. */
const eventReason = (native: string, canonical: string): ReasonInfo =>
  ({ native, canonical, code: null, isa: null, isaFromName: false, msrByInfo1: false });
const PIO_REASON = eventReason('kvm_pio', CANONICAL.IO);
const MMIO_REASON = eventReason('kvm_mmio', CANONICAL.MMIO);
const HYPERCALL_REASON = eventReason('kvm_hypercall', CANONICAL.HYPERCALL);
const MSR_READ_REASON = eventReason('kvm_msr', CANONICAL.MSR_READ);
const MSR_WRITE_REASON = eventReason('kvm_msr', CANONICAL.MSR_WRITE);
const CPUID_REASON = eventReason('kvm_cpuid', CANONICAL.CPUID);

export class KvmTextImporter {
  private readonly maxIssues: number;
  private readonly prefix = new LinePrefix();
  private readonly payload = new PayloadParser();
  private readonly counter = new EventCounter();
  private readonly detector = new FormatDetector();
  private readonly threads = new ThreadTable();
  private readonly resolver = new ReasonResolver();
  /** Handlers in KNOWN_EVENTS order; each returns false when the payload did not parse. */
  private readonly handlers: ReadonlyArray<(line: string, lineNo: number) => boolean>;
  /** Per KNOWN_EVENTS entry: whether its timestamp is read (only exits and entries carry times). */
  private readonly timed: readonly boolean[];
  private readonly userspaceId: number;
  private readonly recentReasons: ReasonInfo[] = [];
  private readonly vcpuSet = new Set<number>();
  private readonly issues: ParseIssue[] = [];
  /** The ISA last established by an unambiguous reason name in this trace. */
  private isa: Isa | null = null;
  private lines = 0;
  private seq = 0;
  private exits = 0;
  private ioExits = 0;
  private skipped = 0;
  private firstTimeNs: number | null = null;
  private lastTimeNs = 0;
  private finished = false;
  private overLongLines = 0;
  private absurdTimestamps = 0;
  private negativeLatencies = 0;
  private timeBackwards = 0;
  private readonly flagged: ParseIssue[] = [];
  private wrappedLines = 0;
  private emulationFailures = 0;
  private standaloneExits = 0;
  private untimedEvents = 0;
  private prevLen = 0;

  constructor(
    private readonly sink: ExitSink,
    opts?: KvmImportOptions,
  ) {
    this.maxIssues = opts?.maxIssues ?? 20;
    const byName: Record<KnownEvent, (line: string, lineNo: number) => boolean> = {
      kvm_exit: (line, lineNo) => this.onExit(line, lineNo),
      kvm_entry: (line) => this.onEntry(line),
      kvm_pio: (line, lineNo) => this.onPio(line, lineNo),
      kvm_userspace_exit: (line) => this.onUserspaceExit(line),
      kvm_emulate_insn: (line) => this.onEmulateInsn(line),
      kvm_nested_vmexit: () => this.payload.parseNestedVmexit(),
      kvm_mmio: (line, lineNo) => this.onMmio(line, lineNo),
      kvm_hypercall: (line, lineNo) => this.onHypercall(line, lineNo),
      kvm_msr: (line, lineNo) => this.onMsr(line, lineNo),
      kvm_cpuid: (line, lineNo) => this.onCpuid(line, lineNo),
    };
    this.handlers = KNOWN_EVENTS.map((name) => byName[name]);
    this.timed = KNOWN_EVENTS.map((name) => name !== 'kvm_userspace_exit' && name !== 'kvm_emulate_insn' && name !== 'kvm_nested_vmexit');
    this.userspaceId = KNOWN_EVENTS.indexOf('kvm_userspace_exit');
  }

  /** Feed one line (without its newline; a trailing CR is dropped); lineNo is reported in issues and ExitRecord.line. */
  feedLine(line: string, lineNo: number): void {
    this.lines++;
    const prevLen = this.prevLen;
    this.prevLen = line.length;
    const c0 = line.charCodeAt(0);
    if (c0 === 10 /* an over-long-line marker, line-reader.ts */) {
      this.overLongLines++;
      this.issue(lineNo, `line of ${overLongLength(line).toLocaleString('en-US')} characters is longer than the ${MAX_LINE_CHARS / (1 << 20)} MiB limit for one line; skipped`, '');
      return;
    }
    if (line.charCodeAt(line.length - 1) === 13 /* \r */) line = line.slice(0, -1);
    const p = this.prefix;
    if (!p.parse(line)) {
      if (this.nonEventLine(line, lineNo) && prevLen >= 60 && prevLen < 80) this.wrappedLines++;
      return;
    }
    if (this.detector.deciding() && p.thread(line) && p.time(line)) this.detector.sawEvent(p);

    const id = this.counter.knownId(line, p.eventStart, p.eventEnd);
    if (id < 0) {
      this.counter.countOther(line, p.eventStart, p.eventEnd);
      return;
    }
    this.counter.countKnown(id);
    if (!p.thread(line) || (this.timed[id] && !p.time(line))) {
      this.issue(lineNo, `${KNOWN_EVENTS[id]} line has a malformed thread id or timestamp`, line);
      return;
    }
    if (this.timed[id]) {
      if (p.absurd) {
        this.absurdTimestamps++;
        this.issue(lineNo, `${KNOWN_EVENTS[id]} timestamp has more than ${MAX_SEC_DIGITS} digits of seconds (over 3,000 years): ` +
          'not a trace clock (a damaged line, or a counter clock such as trace-cmd -C x86-tsc); line skipped', line);
        return;
      }
    }
    this.payload.reset(line, p.payloadStart);
    if (!this.handlers[id](line, lineNo)) {
      this.issue(lineNo, `${KNOWN_EVENTS[id]} payload matches no known layout`, line);
    } else if (this.timed[id]) {
      if (p.hasTime) this.widenSpan();
      else this.untimedEvents++;
    }
  }

  /** Push the exits still open (latency null) and return the statistics; may be called again. */
  finish(): KvmImportStats {
    if (!this.finished) {
      this.finished = true;
      for (const t of this.threads.openThreads()) this.close(t, false, null);
    }
    return {
      format: this.detector.format(),
      lines: this.lines,
      exits: this.exits,
      ioExits: this.ioExits,
      skippedLines: this.skipped,
      issues: this.issues.slice(),
      events: this.counter.result(),
      vcpus: this.vcpuSet.size,
      firstTimeNs: this.firstTimeNs,
      lastTimeNs: this.firstTimeNs === null ? null : this.lastTimeNs,
      overLongLines: this.overLongLines,
      absurdTimestamps: this.absurdTimestamps,
      negativeLatencies: this.negativeLatencies,
      timeBackwards: this.timeBackwards,
      wrappedLines: this.wrappedLines,
      emulationFailures: this.emulationFailures,
      standaloneExits: this.standaloneExits,
      untimedEvents: this.untimedEvents,
      flagged: this.flagged.slice(),
    };
  }

  // --- lines that are not events ---

  /** Returns true when the line is a bad line (no header either). */
  private nonEventLine(line: string, lineNo: number): boolean {
    const kind = headerKind(line);
    if (kind === 'cpus' || kind === 'version') this.detector.sawTraceCmdHeader();
    if (kind === null) this.issue(lineNo, 'not a trace event line', line);
    return kind === null;
  }

  private issue(lineNo: number, message: string, line: string): void {
    this.skipped++;
    if (this.issues.length < this.maxIssues) {
      this.issues.push({ line: lineNo, message, text: line.length > ISSUE_TEXT_MAX ? `${line.slice(0, ISSUE_TEXT_MAX)}…` : line });
    }
  }

  // --- events ---

  /** Widen the trace's time span with the current line's timestamp (read, and not absurd). */
  private widenSpan(): void {
    const p = this.prefix;
    const timeNs = p.sec * 1e9 + p.nsec;
    if (this.firstTimeNs === null || timeNs < this.firstTimeNs) this.firstTimeNs = timeNs;
    if (timeNs > this.lastTimeNs) this.lastTimeNs = timeNs;
  }

  /** Flag an exit: counted by the caller, kept as an issue on the exit's own line. */
  private flag(rec: ExitRecord, message: string): void {
    if (this.flagged.length < MAX_FLAGGED) this.flagged.push({ line: rec.line ?? 0, message, text: '' });
  }

  /**
   * Whether the current line's time is before the last timed event of thread t (a thread's
   * events are printed in the order they happened; trace_pipe only interleaves threads), and
   * make it t's last time.
   */
  private wentBack(t: ThreadState): boolean {
    const p = this.prefix;
    if (!p.hasTime) return false;
    const back = p.sec < t.lastSec || (p.sec === t.lastSec && p.nsec < t.lastNsec);
    t.lastSec = p.sec;
    t.lastNsec = p.nsec;
    return back;
  }

  /** The state of the current line's thread (LinePrefix.thread() has read it). */
  private thread(line: string): ThreadState {
    return this.threads.get(this.prefix, line);
  }

  /** The reason at line[start, end): a recently seen one (most recent first) or a new resolve. */
  private reasonOf(line: string, start: number, end: number): ReasonInfo {
    const recent = this.recentReasons;
    const len = end - start;
    for (let i = 0; i < recent.length; i++) {
      const r = recent[i];
      if (r.native.length === len && matchAt(line, start, r.native) && (r.isaFromName || r.isa === this.isa)) {
        if (i > 0) {
          recent[i] = recent[0];
          recent[0] = r;
        }
        return r;
      }
    }
    const r = this.resolver.resolve(line.slice(start, end), this.isa);
    if (recent.length === RECENT_REASONS) recent.pop();
    recent.unshift(r);
    return r;
  }

  private onExit(line: string, lineNo: number): boolean {
    const pp = this.payload;
    if (!pp.parseExit()) return false;
    const f = pp.exit;
    const c = pp.c;
    const reason = this.reasonOf(line, f.reasonStart, f.reasonEnd);
    let info1Lo = -1;
    if (f.info1End >= 0 && (reason.canonical === IO || reason.msrByInfo1)) {
      info1Lo = c.low32(f.info1Start, f.info1End);
      if (info1Lo < 0) return false;
    }
    const info1 = f.info1End >= 0 ? c.hexText(f.info1Start, f.info1End) : null;
    const info2 = f.info2End >= 0 ? c.hexText(f.info2Start, f.info2End) : null;
    const errorCode = f.errorEnd >= 0 ? c.low32(f.errorStart, f.errorEnd) : -1;
    if ((f.info1End >= 0 && info1 === null) || (f.info2End >= 0 && info2 === null) || (f.errorEnd >= 0 && errorCode < 0)) return false;

    if (reason.isaFromName) this.isa = reason.isa;
    const t = this.thread(line);
    if (t.open !== null) this.close(t, false, null);
    if (f.vcpu >= 0) t.fieldVcpu = f.vcpu;

    let canonical = reason.canonical;
    if (reason.msrByInfo1 && info1Lo >= 0 && info1Lo <= 1 && c.highIsZero(f.info1Start, f.info1End)) {
      canonical = info1Lo === 0 ? CANONICAL.MSR_READ : CANONICAL.MSR_WRITE;
    }
    const p = this.prefix;
    const rec = newExitRecord(this.seq++, p.sec * 1e9 + p.nsec, this.threads.vcpuOf(t, f.vcpu), lineNo, reason, canonical);
    rec.rip = (f.ripHi | 0) * 4294967296 + f.ripLo;
    rec.info1 = info1;
    rec.info2 = info2;
    if (errorCode >= 0) rec.errorCode = errorCode;
    if (canonical === IO && info1Lo >= 0) {
      const d = reason.isa === 'svm' ? decodeSvmIoInfo1(info1Lo) : reason.isa === 'vmx' ? decodeVmxIoQualification(info1Lo) : null;
      if (d !== null) applyIoDecode(rec, d);
    }
    if (this.wentBack(t)) {
      this.timeBackwards++;
      this.flag(rec, 'exit flagged: its kvm_exit is stamped earlier than the previous event of the same thread (time went backwards)');
    }
    t.open = rec;
    t.openSec = p.sec;
    t.openNsec = p.nsec;
    t.openHasTime = p.hasTime;
    t.openVcpuFromField = f.vcpu >= 0;
    t.openUserspace = false;
    t.openMode = null;
    t.openStandalone = false;
    return true;
  }

  private onEntry(line: string): boolean {
    if (!this.payload.parseEntry()) return false;
    const vcpu = this.payload.entry.vcpu;
    const t = this.thread(line);
    t.fieldVcpu = vcpu;
    this.wentBack(t);
    if (t.open !== null) {
      if (!t.openVcpuFromField) t.open.vcpu = vcpu;
      const p = this.prefix;
      if (t.openStandalone || !t.openHasTime || !p.hasTime) {
        // no kvm_exit (the time of the event that made the exit is not the exit's time), or no times
        this.close(t, false, null);
        return true;
      }
      const latency = (p.sec - t.openSec) * 1e9 + (p.nsec - t.openNsec);
      if (latency < 0) {
        this.negativeLatencies++;
        this.flag(t.open, `exit flagged: the kvm_entry that closes it is stamped ${-latency} ns before its kvm_exit; latency stored as unknown`);
      }
      this.close(t, true, latency >= 0 ? latency : null);
    }
    return true;
  }

  private onPio(line: string, lineNo: number): boolean {
    if (!this.payload.parsePio()) return false;
    const t = this.thread(line);
    if (t.open !== null && !t.openStandalone) applyPio(t.open, this.payload.pio);
    else applyPio(this.standalone(t, lineNo, PIO_REASON), this.payload.pio);
    return true;
  }

  private onMmio(line: string, lineNo: number): boolean {
    const pp = this.payload;
    if (!pp.parseMmio()) return false;
    const f = pp.mmio;
    const c = pp.c;
    const gpa = c.hexText(f.gpaStart, f.gpaEnd);
    if (gpa === null) return false;
    const t = this.thread(line);
    let rec = t.open;
    // A read that completes an unsatisfied-read of the same address is the same access.
    const completes = rec !== null && t.openStandalone && rec.reasonNative === 'kvm_mmio' && rec.info1 === gpa && t.openMmioPending;
    if (rec === null || (t.openStandalone && !completes)) {
      rec = this.standalone(t, lineNo, MMIO_REASON);
      rec.info1 = gpa;
    }
    t.openMmioPending = f.kind === 0;
    if (rec.direction === null) rec.direction = f.kind === 2 ? 'out' : 'in';
    if (rec.size === null && f.len > 0) rec.size = f.len;
    if (f.kind !== 0 && f.valEnd >= 0) {
      c.i = f.valStart;
      if (c.hex() && c.hi < 0x200000) rec.value = c.hi * 4294967296 + c.lo;
    }
    return true;
  }

  private onHypercall(line: string, lineNo: number): boolean {
    const pp = this.payload;
    if (!pp.parseHypercall()) return false;
    const t = this.thread(line);
    if (t.open === null || t.openStandalone) {
      this.standalone(t, lineNo, HYPERCALL_REASON).info1 = pp.c.hexText(pp.first.start, pp.first.end);
    }
    return true;
  }

  private onMsr(line: string, lineNo: number): boolean {
    const pp = this.payload;
    if (!pp.parseMsr()) return false;
    const t = this.thread(line);
    if (t.open === null || t.openStandalone) {
      const f = pp.msr;
      const rec = this.standalone(t, lineNo, f.write ? MSR_WRITE_REASON : MSR_READ_REASON);
      rec.info1 = pp.c.hexText(f.idxStart, f.idxEnd);
      rec.info2 = pp.c.hexText(f.dataStart, f.dataEnd);
    }
    return true;
  }

  private onCpuid(line: string, lineNo: number): boolean {
    const pp = this.payload;
    if (!pp.parseCpuid()) return false;
    const t = this.thread(line);
    if (t.open === null || t.openStandalone) {
      const rec = this.standalone(t, lineNo, CPUID_REASON);
      rec.info1 = pp.c.hexText(pp.first.start, pp.first.end);
      if (pp.second.end >= 0) rec.info2 = pp.c.hexText(pp.second.start, pp.second.end);
    }
    return true;
  }

  /** Open a standalone exit on t for the current line (closing t's previous standalone one). */
  private standalone(t: ThreadState, lineNo: number, reason: ReasonInfo): ExitRecord {
    if (t.open !== null) this.close(t, false, null);
    const p = this.prefix;
    const rec = newExitRecord(this.seq++, p.sec * 1e9 + p.nsec, this.threads.vcpuOf(t, -1), lineNo, reason, reason.canonical);
    rec.mechanism = null;
    if (this.wentBack(t)) {
      this.timeBackwards++;
      this.flag(rec, `exit flagged: its ${reason.native} is stamped earlier than the previous event of the same thread (time went backwards)`);
    }
    this.standaloneExits++;
    t.open = rec;
    t.openSec = p.sec;
    t.openNsec = p.nsec;
    t.openHasTime = p.hasTime;
    t.openVcpuFromField = false;
    t.openUserspace = false;
    t.openMode = null;
    t.openStandalone = true;
    t.openMmioPending = false;
    return rec;
  }

  private onUserspaceExit(line: string): boolean {
    if (!this.payload.parseUserspaceExit()) return false;
    const t = this.thread(line);
    if (t.open !== null) {
      const f = this.payload.userspace;
      const len = f.nameEnd - f.nameStart;
      const io = len === 11 && matchAt(line, f.nameStart, 'KVM_EXIT_IO');
      const mmio = len === 13 && matchAt(line, f.nameStart, 'KVM_EXIT_MMIO');
      if (io || mmio) t.openUserspace = true;
    }
    return true;
  }

  private onEmulateInsn(line: string): boolean {
    if (!this.payload.parseEmulateInsn()) return false;
    const t = this.thread(line);
    if (t.open !== null) {
      const f = this.payload.emulate;
      t.open.emulated = true;
      if (f.failed) {
        this.emulationFailures++;
        this.flag(t.open, 'exit flagged: emulation failed (kvm_emulate_insn reported failure for its instruction)');
      }
      if (f.bytes !== null) {
        t.open.insnBytes = f.bytes;
        t.openMode = f.mode;
      }
    }
    return true;
  }

  /** Close t's open exit: fill the derived fields and push it. */
  private close(t: ThreadState, entered: boolean, latencyNs: number | null): void {
    const rec = t.open as ExitRecord;
    t.open = null;
    rec.latencyNs = latencyNs;
    if (rec.insnBytes !== null && isIoExit(rec)) {
      const insn = decodeIoInsnBytes(rec.insnBytes, t.openMode);
      if (insn !== null) applyIoInsn(rec, insn);
    }
    // A standalone exit's location stays unknown: without kvm_exit, a kvm_userspace_exit cannot be
    // told apart from one of the previous access (for an IN it comes before the kvm_pio).
    closeExit(rec, entered, t.openUserspace && !t.openStandalone, this.counter.knownCount(this.userspaceId) > 0);
    this.exits++;
    if (isIoExit(rec)) this.ioExits++;
    // vCPU identity is (process, vCPU) where the line shows the process (perf pid/tid, tracefs tgid)
    this.vcpuSet.add(t.pid >= 0 ? (t.pid + 1) * 65536 + rec.vcpu : rec.vcpu);
    this.sink.push(rec);
  }
}
