// Deterministic generator of realistic KVM trace text for benchmarks and large-input tests.
// A seeded PRNG picks 2-4 vCPU threads (`CPU n/KVM`); each vCPU runs its own timeline of
// episodes — mostly port-I/O exits (UART, PIT/PIC in the kernel, PCI config, PM timer, io_delay,
// a REP INSW disk read through the emulator), some HLT / EXTERNAL_INTERRUPT / MSR_WRITE /
// EPT_MISCONFIG — and the timelines are merged by timestamp, with sched_switch and kvm_set_irq
// noise from other threads. Lines follow the kernel's TP_printk formats (arch/x86/kvm/trace.h)
// wrapped in the chosen tool's prefix: tracefs (5-char flags, current kvm_exit layout),
// trace-cmd report (cpus= header, padded event names, the libtraceevent kvm plugin payloads)
// or perf script (`comm tid [cpu] time: kvm:event: payload`).
//
// Invariant: exactly opts.lines lines are produced (the last episode may be cut short), and the
// same (format, lines, seed) always gives the same text.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { TraceTextFormat } from '../src/shared/dto';

export interface GenKvmTraceOptions {
  lines: number;
  seed?: number;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence. Also the import fuzzer's. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (v: number, width = 0): string => v.toString(16).padStart(width, '0');

interface Ev {
  /** Offset from the episode start, ns. */
  at: number;
  event: string;
  payload: string;
}

interface Episode {
  events: Ev[];
  /** Guest run time after the episode before the next exit, ns. */
  gap: number;
}

interface IoSpec {
  port: number;
  size: 1 | 2 | 4;
  isIn: boolean;
  imm: boolean;
  userspace: boolean;
  count?: number;
  insn?: string;
}

const IO_SPECS: ReadonlyArray<readonly [number, IoSpec]> = [
  [30, { port: 0x3f8, size: 1, isIn: false, imm: false, userspace: true }],
  [10, { port: 0x3fd, size: 1, isIn: true, imm: false, userspace: true }],
  [5, { port: 0x80, size: 1, isIn: false, imm: true, userspace: true }],
  [4, { port: 0x61, size: 1, isIn: true, imm: true, userspace: false }],
  [4, { port: 0x43, size: 1, isIn: false, imm: true, userspace: false }],
  [5, { port: 0x20, size: 1, isIn: false, imm: true, userspace: false }],
  [3, { port: 0xcf8, size: 4, isIn: false, imm: false, userspace: true }],
  [3, { port: 0xcfc, size: 4, isIn: true, imm: false, userspace: true }],
  [5, { port: 0xb008, size: 4, isIn: true, imm: false, userspace: true }],
  [2, { port: 0x1f0, size: 2, isIn: true, imm: false, userspace: true, count: 256, insn: 'f3 66 6d' }],
];
const IO_WEIGHT = IO_SPECS.reduce((n, [w]) => n + w, 0);

class VcpuTimeline {
  next = 0;
  pending: Ev[] = [];
  base = 0;

  constructor(
    readonly index: number,
    readonly tid: number,
    public hostCpu: number,
    start: number,
  ) {
    this.next = start;
  }
}

export function* generateKvmTraceLines(format: TraceTextFormat, opts: GenKvmTraceOptions): Generator<string> {
  const rnd = mulberry32(opts.seed ?? 1);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const nVcpus = int(2, 4);
  const hostCpus = nVcpus + 2;
  const traceCmd = format === 'trace-cmd';
  const vcpus: VcpuTimeline[] = [];
  for (let i = 0; i < nVcpus; i++) vcpus.push(new VcpuTimeline(i, 24310 + i, i, 7_000_000_000_000 + int(0, 50_000)));
  const qemuTid = 24300;

  let emitted = 0;
  const budget = opts.lines;

  const prefix = (comm: string, tid: number, cpu: number, t: number, flags: string): string => {
    const ts = `${Math.floor(t / 1e9)}.${String(Math.floor((t % 1e9) / 1000)).padStart(6, '0')}`;
    if (format === 'perf-script') return `${comm.padStart(16)} ${String(tid).padStart(6)} [${String(cpu).padStart(3, '0')}] ${ts}: `;
    const head = `${comm.padStart(16)}-${String(tid).padEnd(7)} [${String(cpu).padStart(3, '0')}] `;
    return traceCmd ? `${head}${ts}: ` : `${head}${flags} ${ts}: `;
  };
  const eventName = (name: string): string => {
    if (format === 'perf-script') return `kvm:${name}: `;
    if (traceCmd) return `${name}:`.padEnd(20) + ' ';
    return `${name}: `;
  };
  const noiseName = (name: string): string => (format === 'perf-script' ? `sched:${name}: ` : traceCmd ? `${name}:`.padEnd(20) + ' ' : `${name}: `);

  // Exits come from a few code sites per kind of exit (a driver's outb, the idle loop...), as in
  // real traces: each site is a fixed address, a kind has four of them.
  const ripLow = (kind: number): number => ((kind * 0x2f1b3 + int(0, 3) * 0x1c40) & 0xfff000) + 0x10 + kind;
  const ripHex = (low: number): string => `ffffffff81${hex(low, 6)}`;

  const exitPayload = (v: VcpuTimeline, reason: string, ripHex: string, info1: number, info2: number, intr: number): string => {
    if (traceCmd) return `reason ${reason} rip 0x${ripHex} info ${hex(info1)} ${hex(info2)}`;
    return `vcpu ${v.index} reason ${reason} rip 0x${ripHex} info1 0x${hex(info1, 16)} info2 0x${hex(info2, 16)} intr_info 0x${hex(intr, 8)} error_code 0x00000000`;
  };
  const entryPayload = (v: VcpuTimeline, ripHex: string): string => (traceCmd ? `vcpu ${v.index} rip 0x${ripHex}` : `vcpu ${v.index}, rip 0x${ripHex}`);

  const ioEpisode = (v: VcpuTimeline, s: IoSpec): Episode => {
    const low = ripLow(s.port & 0xff);
    const r = ripHex(low);
    const count = s.count ?? 1;
    const string = count > 1;
    const q = s.port * 65536 + (s.imm ? 0x40 : 0) + (string ? 0x30 : 0) + (s.isIn ? 8 : 0) + (s.size - 1);
    const val = s.size === 1 ? int(0, 0xff) : s.size === 2 ? int(0, 0xffff) : int(0, 0x7fffffff);
    const pio = `pio_${s.isIn ? 'read' : 'write'} at 0x${hex(s.port)} size ${s.size} count ${count} val 0x${hex(val)} ${string ? '(...)' : ''}`;
    const events: Ev[] = [{ at: 0, event: 'kvm_exit', payload: exitPayload(v, 'IO_INSTRUCTION', r, q, 0, 0) }];
    let at = int(300, 900);
    if (s.insn !== undefined) {
      events.push({ at, event: 'kvm_emulate_insn', payload: traceCmd ? `0:${r}: ${s.insn}` : `0:${r}:${s.insn} (prot64)` });
      at += int(200, 600);
    }
    if (s.userspace) {
      if (!s.isIn) events.push({ at, event: 'kvm_pio', payload: pio });
      at += int(200, 500);
      events.push({ at, event: 'kvm_userspace_exit', payload: 'reason KVM_EXIT_IO (2)' });
      at += int(4_000, 15_000) * (string ? 8 : 1);
      if (s.isIn) {
        events.push({ at, event: 'kvm_pio', payload: pio });
        at += int(200, 500);
      }
    } else {
      events.push({ at, event: 'kvm_pio', payload: pio });
      at += int(500, 2_000);
    }
    events.push({ at, event: 'kvm_entry', payload: entryPayload(v, ripHex(low + (s.imm ? 2 : 1))) });
    return { events, gap: int(1_000, 40_000) };
  };

  const simpleEpisode = (v: VcpuTimeline, reason: string, info1: number, intr: number, latency: number): Episode => {
    const r = ripHex(ripLow(reason.length));
    return {
      events: [
        { at: 0, event: 'kvm_exit', payload: exitPayload(v, reason, r, info1, 0, intr) },
        { at: latency, event: 'kvm_entry', payload: entryPayload(v, r) },
      ],
      gap: int(1_000, 60_000),
    };
  };

  const nextEpisode = (v: VcpuTimeline): Episode => {
    const x = rnd() * 100;
    if (x < 72) {
      let w = rnd() * IO_WEIGHT;
      for (const [weight, spec] of IO_SPECS) {
        w -= weight;
        if (w < 0) return ioEpisode(v, spec);
      }
      return ioEpisode(v, IO_SPECS[0][1]);
    }
    if (x < 80) return simpleEpisode(v, 'EXTERNAL_INTERRUPT', 0, 0x800000ec, int(1_000, 3_000));
    if (x < 86) return simpleEpisode(v, 'HLT', 0, 0, int(50_000, 2_000_000));
    if (x < 93) return simpleEpisode(v, 'MSR_WRITE', 0, 0, int(800, 2_500));
    if (x < 97) return simpleEpisode(v, 'EPT_MISCONFIG', 0, 0, int(1_500, 6_000));
    return simpleEpisode(v, 'CPUID', 0, 0, int(700, 1_500));
  };

  if (format === 'tracefs') {
    for (const h of ['# tracer: nop', '#', '# entries-in-buffer/entries-written: 0/0   #P:' + hostCpus, '#']) {
      if (emitted++ >= budget) return;
      yield h;
    }
  } else if (traceCmd) {
    if (emitted++ >= budget) return;
    yield `cpus=${hostCpus}`;
  }

  for (const v of vcpus) {
    const ep = nextEpisode(v);
    v.base = v.next;
    v.pending = ep.events;
    v.next = v.base + ep.gap + ep.events[ep.events.length - 1].at;
  }

  while (emitted < budget) {
    // the vCPU whose next line is earliest
    let pick = vcpus[0];
    for (const v of vcpus) if (v.base + v.pending[0].at < pick.base + pick.pending[0].at) pick = v;
    const ev = pick.pending.shift() as Ev;
    const t = pick.base + ev.at;
    const flags = ev.event === 'kvm_userspace_exit' ? '.....' : 'd....';
    yield `${prefix(`CPU ${pick.index}/KVM`, pick.tid, pick.hostCpu, t, flags)}${eventName(ev.event)}${ev.payload}`;
    emitted++;
    if (emitted < budget && rnd() < 0.04) {
      const cpu = int(0, hostCpus - 1);
      if (rnd() < 0.5) {
        yield `${prefix('<idle>', 0, cpu, t + 1, 'd..2.')}${noiseName('sched_switch')}prev_comm=swapper/${cpu} prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=qemu-system-x86 next_pid=${qemuTid} next_prio=120`;
      } else {
        yield `${prefix('qemu-system-x86', qemuTid, cpu, t + 1, '.....')}${eventName('kvm_set_irq')}gsi 4 level ${int(0, 1)} source 0`;
      }
      emitted++;
    }
    if (pick.pending.length === 0) {
      if (rnd() < 0.02) pick.hostCpu = int(0, hostCpus - 1);
      const ep = nextEpisode(pick);
      pick.base = pick.next;
      pick.pending = ep.events;
      pick.next = pick.base + ep.gap + ep.events[ep.events.length - 1].at;
    }
  }
}

/** Writes `lines` generated lines to `path` in 1 MiB chunks (respecting back-pressure). */
export async function writeKvmTraceFile(path: string, format: TraceTextFormat, lines: number, seed: number): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (const line of generateKvmTraceLines(format, { lines, seed })) {
    buf += line + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
