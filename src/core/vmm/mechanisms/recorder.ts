// The one seam where a hypervisor model's exits become ExitRecords (DESIGN.md "The exit
// record"). Every mechanism describes an exit as an ExitInput (what it learned: the operations,
// the decoder's steps, what the hardware or the fault reported); the recorder
//   1. builds the cost model's facts and prices them with priceExitCycles (the profile's numbers),
//   2. labels each operation with the device that owns its port (bus.ownerOf) and its location,
//   3. keeps the record pending until the next exit, so the value of the first element (known
//      only once the device has been accessed, which for vmx/svm happens after the hook) can be
//      filled in by onPortAccess, then hands it to the sink,
//   4. keeps the run's totals (exits, cycles per component, per form / port / operation).
// A batched exit's record describes its first operation (form, port, value) with `count` = the
// elements of all its operations; the per-form/port/operation totals count every operation.
// Charging the cycles to the guest clock is the mechanism's job (`charge`): it decides which part
// of the exit the device sees (see the mechanisms).
//
// Invariants: records reach the sink in seq order, one per exit; totals.components sums the
// priced components of every recorded exit; costTotal = Σ cost components of each record.
import { COMPONENTS, COMPONENT_INDEX, deviceClassForPort, priceExitCycles, stepsFromCounters } from '../../cost/index';
import type { ComponentName, ExitFacts as CostFacts, IoOperation, Mechanism, Profile } from '../../cost/index';
import type { Cpu } from '../../cpu/index';
import type { PortBus } from '../../machine/port-bus';
import type { DeviceLocation, ExitRecord, ExitSink, Isa } from '../../trace/exit-record';
import type { DecodeSteps } from '../decode-steps';
import { IO_FORMS } from '../io-forms';
import { SEGMENT_NAMES } from './guest-io';

/** One port operation an exit carried. */
export interface ExitOp {
  formId: number;
  port: number;
  /** Elements moved (1 for IN/OUT). */
  count: number;
  /** String forms: address size in bits, source/destination Sreg, buffer linear address. */
  addrSize: 16 | 32 | null;
  segment: number | null;
  bufferAddr: number | null;
}

/** What a mechanism learned about one exit. */
export interface ExitInput {
  /** The mechanism the exit is priced under (a VMCALL in a vmx run is a hypercall exit). */
  mechanism: Mechanism;
  reason: string;
  reasonNative: string;
  isa: Isa | null;
  reasonCode: number | null;
  rip: number;
  insnBytes: Uint8Array | null;
  ops: readonly ExitOp[];
  /** The decoder's steps when the hypervisor fetched and decoded the instruction, else null. */
  steps: DecodeSteps | null;
  bufferWalkLevels: number;
  /** Round trips to a userspace device model; default: 1 when any op's device is in userspace. */
  userspaceTrips?: number;
  info1: string | null;
  info2: string | null;
  errorCode: number | null;
  emulated: boolean;
}

export interface FormCount { formId: number; mnemonic: string; exits: number; ops: number; elements: number }
export interface PortCount { port: number; device: string; location: DeviceLocation; exits: number; ops: number; reads: number; writes: number; elements: number }
export interface OperationCount { port: number; direction: 'in' | 'out'; size: number; ops: number; elements: number }

export interface ExitTotals {
  exits: number;
  /** Cycles of all exits, per component and in all. */
  components: Record<ComponentName, number>;
  cycles: number;
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export class ExitRecorder {
  private cpu: Cpu | null = null;
  private bus: PortBus | null = null;
  private seq = 0;
  private pending: ExitRecord | null = null;
  private capturing = false;
  private captured: number | null = null;
  private readonly out = new Float64Array(COMPONENTS.length);
  private readonly sums = new Float64Array(COMPONENTS.length);
  private readonly classes = new Map<number, string | null>();
  private readonly forms = new Map<number, FormCount>();
  private readonly ports = new Map<number, PortCount>();
  private readonly operations = new Map<string, OperationCount>();
  exits = 0;

  constructor(private readonly profile: Profile, private readonly cpuHz: number, private readonly sink: ExitSink) {}

  /** Late binding: the machine is built with this recorder's onPortAccess. */
  attach(cpu: Cpu, bus: PortBus): void {
    this.cpu = cpu;
    this.bus = bus;
  }

  /** An exit begins: the previous record is complete; the next port access is this exit's. */
  begin(): void {
    this.flush();
    this.capturing = true;
    this.captured = null;
  }

  /** The machine's onPortAccess: the first element's value of the current exit. */
  readonly onPortAccess = (_direction: 'in' | 'out', _port: number, _size: number, value: number): void => {
    if (!this.capturing) return;
    if (this.pending) {
      if (this.pending.value === null) this.pending.value = value;
    } else if (this.captured === null) this.captured = value;
  };

  /** Cycles of component `c` of the last recorded exit. */
  component(c: ComponentName): number {
    return this.out[COMPONENT_INDEX[c]]!;
  }

  /** Adds cycles to the guest clock (RDTSC reads cpu.cycles). */
  charge(cycles: number): void {
    this.cpu!.cycles += cycles;
  }

  /** Prices and records one exit (after begin()); returns its total cycles. Charges nothing. */
  record(x: ExitInput): number {
    const cpu = this.cpu!;
    const bus = this.bus!;
    let location: DeviceLocation = 'kernel';
    const ops: IoOperation[] = [];
    for (const op of x.ops) {
      const owner = bus.ownerOf(op.port).device;
      if (owner.location === 'userspace') location = 'userspace';
      const io: IoOperation = { formId: op.formId, count: op.count };
      const cls = this.deviceClass(op.port);
      if (cls !== null) io.deviceClass = cls;
      ops.push(io);
      this.count(op, owner.name, owner.location, op === x.ops[0]);
    }
    const facts: CostFacts = { mechanism: x.mechanism, ops, location, bufferWalkLevels: x.bufferWalkLevels };
    if (x.userspaceTrips !== undefined) facts.userspaceTrips = x.userspaceTrips;
    if (x.steps) {
      const s = stepsFromCounters(x.steps);
      facts.fetch = s.fetch;
      facts.decode = s.decode;
    }
    const out = this.out;
    const total = priceExitCycles(facts, this.profile, out);
    for (let i = 0; i < out.length; i++) this.sums[i]! += out[i]!;
    this.exits++;
    const first = x.ops[0];
    const form = first ? IO_FORMS[first.formId]! : null;
    const owner = first ? bus.ownerOf(first.port).device : null;
    const steps = x.steps;
    this.pending = {
      seq: this.seq++,
      timeNs: (cpu.cycles * 1e9) / this.cpuHz,
      vcpu: 0,
      rip: x.rip >>> 0,
      cpl: cpu.cpl,
      insnBytes: x.insnBytes,
      reason: x.reason,
      reasonNative: x.reasonNative,
      isa: x.isa,
      reasonCode: x.reasonCode,
      formId: form ? form.id : null,
      mnemonic: form ? form.mnemonic : x.reason === 'HYPERCALL' ? 'vmcall' : null,
      port: first ? first.port : null,
      portSource: form ? form.portSource : null,
      size: form ? form.size : null,
      direction: form ? form.direction : null,
      isString: form ? form.string : null,
      isRep: form ? form.rep : null,
      count: first ? x.ops.reduce((n, op) => n + op.count, 0) : null,
      addrSize: first ? first.addrSize : null,
      segment: first && first.segment !== null ? SEGMENT_NAMES[first.segment] ?? null : null,
      value: this.captured,
      bufferAddr: first ? first.bufferAddr : null,
      device: owner ? owner.name : null,
      deviceLocation: owner ? owner.location : null,
      mechanism: x.mechanism,
      info1: x.info1,
      info2: x.info2,
      errorCode: x.errorCode,
      latencyNs: (total * 1e9) / this.cpuHz,
      line: null,
      emulated: x.emulated,
      costEntry: out[0]!, costDispatch: out[1]!, costFetch: out[2]!, costDecode: out[3]!,
      costPermission: out[4]!, costUserspace: out[5]!, costEmulate: out[6]!, costResume: out[7]!,
      costTotal: total,
      stepBytes: steps ? steps.bytesFetched : null,
      stepPrefixes: steps ? steps.prefixes : null,
      stepBranches: steps ? steps.branches : null,
      stepTableLookups: steps ? steps.tableLookups : null,
      stepPageWalks: steps ? steps.pageWalks : null,
      stepWalkLevels: steps ? steps.walkLevels : null,
      stepTlbHits: steps ? steps.tlbHits : null,
    };
    return total;
  }

  /** Hands the last record to the sink; call once the run has stopped. */
  finish(): void {
    this.flush();
    this.capturing = false;
  }

  totals(): ExitTotals {
    const components = Object.fromEntries(COMPONENTS.map((c, i) => [c, this.sums[i]!])) as Record<ComponentName, number>;
    return { exits: this.exits, components, cycles: this.sums.reduce((a, b) => a + b, 0) };
  }

  byForm(): FormCount[] {
    return [...this.forms.values()].sort((a, b) => a.formId - b.formId);
  }

  byPort(): PortCount[] {
    return [...this.ports.values()].sort((a, b) => a.port - b.port);
  }

  /** Form-independent operations: per (port, direction, size). */
  byOperation(): OperationCount[] {
    return [...this.operations.values()].sort((a, b) => a.port - b.port || a.direction.localeCompare(b.direction) || a.size - b.size);
  }

  private flush(): void {
    if (this.pending) this.sink.push(this.pending);
    this.pending = null;
  }

  private deviceClass(port: number): string | null {
    let cls = this.classes.get(port);
    if (cls === undefined) {
      cls = deviceClassForPort(port);
      this.classes.set(port, cls);
    }
    return cls;
  }

  private count(op: ExitOp, device: string, location: DeviceLocation, firstOfExit: boolean): void {
    const form = IO_FORMS[op.formId]!;
    let f = this.forms.get(form.id);
    if (!f) this.forms.set(form.id, (f = { formId: form.id, mnemonic: form.mnemonic, exits: 0, ops: 0, elements: 0 }));
    let p = this.ports.get(op.port);
    if (!p) this.ports.set(op.port, (p = { port: op.port, device, location, exits: 0, ops: 0, reads: 0, writes: 0, elements: 0 }));
    const key = `${op.port}:${form.direction}:${form.size}`;
    let o = this.operations.get(key);
    if (!o) this.operations.set(key, (o = { port: op.port, direction: form.direction, size: form.size, ops: 0, elements: 0 }));
    if (firstOfExit) {
      f.exits++;
      p.exits++;
    }
    f.ops++;
    f.elements += op.count;
    p.ops++;
    p.elements += op.count;
    if (form.direction === 'in') p.reads += op.count;
    else p.writes += op.count;
    o.ops++;
    o.elements += op.count;
  }
}
