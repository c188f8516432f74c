// The one seam where a hypervisor model's exits become ExitRecords (DESIGN.md "The exit
// record"). Every mechanism describes an exit as an ExitInput (what it learned: the operations,
// the decoder's steps, what the hardware or the fault reported); the recorder
//   1. prices the exit's inputs with the profile's numbers (priceExitCycles, memoized per distinct
//      pricing inputs by ExitPriceMemo: a loop's exits are priced once),
//   2. labels each operation with the device that owns its port (bus.ownerOf) and its location,
//   3. keeps the record pending until the next exit, so the value of the first element (known
//      only once the device has been accessed, which for vmx/svm happens after the hook) can be
//      filled in by onPortAccess, then hands it to the sink,
//   4. keeps the run's totals (exits, cycles per component, per form / port / operation).
// An exit that repeats the previous one exactly (RepeatExit: same inputs, CPL and devices — a
// loop's I/O instruction) is not re-derived: its price is the previous one's, its counters are
// the ones the previous exit bumped, and its record is the previous record with seq, time and
// value set (the same object for a transient sink, a copy otherwise), handed to the sink's
// pushRepeat when it has one.
// A batched exit's record describes its first operation (form, port, value) with `count` = the
// elements of all its operations; the per-form/port/operation totals count every operation.
// Charging the cycles to the guest clock is the mechanism's job (`charge`): it decides which part
// of the exit the device sees (see the mechanisms).
//
// Invariants: records reach the sink in seq order, one per exit; totals.components sums the
// priced components of every recorded exit; costTotal = Σ cost components of each record.
import { COMPONENTS, COMPONENT_INDEX, deviceClassForPort } from '../../cost/index';
import type { ComponentName, Mechanism, Profile } from '../../cost/index';
import type { Cpu } from '../../cpu/index';
import type { PortBus } from '../../machine/port-bus';
import { NO_COST } from '../../trace/exit-record';
import type { DeviceLocation, ExitRecord, ExitSink, Isa } from '../../trace/exit-record';
import type { DecodeSteps } from '../decode-steps';
import { ExitPriceMemo } from '../exit-price-memo';
import type { PriceInputs, PricedOp } from '../exit-price-memo';
import { IO_FORMS } from '../../cpu/io-form-table';
import { SEGMENT_NAMES } from './guest-io';
import { RepeatExit } from './repeat-exit';

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
  /** Round trips to a userspace device model; default (absent or undefined): 1 when any op's device is in userspace. */
  userspaceTrips?: number | undefined;
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

/** `0x` + the value as unsigned 32-bit hex. Mechanisms format an exit qualification per exit;
 * a run has few distinct ones, so the strings are kept (up to HEX_KEPT of them). */
export const hex = (n: number): string => {
  const u = n >>> 0;
  let s = hexKept.get(u);
  if (s === undefined) {
    s = `0x${u.toString(16)}`;
    if (hexKept.size < HEX_KEPT) hexKept.set(u, s);
  }
  return s;
};
const HEX_KEPT = 4096;
const hexKept = new Map<number, string>();

/** The counters an operation of the last fully recorded exit bumped (reused by its repeats). */
interface OpCounters { form: FormCount; port: PortCount; operation: OperationCount; input: boolean; first: boolean; elements: number }

/** A record with every field set (all of one shape), for record() to fill in. */
const blankRecord = (): ExitRecord => ({ ...BLANK_RECORD });
const BLANK_RECORD: ExitRecord = {
  seq: 0, timeNs: 0, vcpu: 0, rip: null, cpl: null, insnBytes: null, reason: '', reasonNative: '', isa: null, reasonCode: null,
  formId: null, mnemonic: null, port: null, portSource: null, size: null, direction: null, isString: null, isRep: null, count: null,
  addrSize: null, segment: null, value: null, bufferAddr: null, device: null, deviceLocation: null, mechanism: null, info1: null,
  info2: null, errorCode: null, latencyNs: null, line: null, emulated: false, ...NO_COST,
};

export class ExitRecorder {
  private cpu: Cpu | null = null;
  private bus: PortBus | null = null;
  private seq = 0;
  private pending: ExitRecord | null = null;
  /** The pending record is a repeat of the one handed to the sink before it. */
  private pendingRepeat = false;
  /** The last record made (pending or handed to the sink), its total, and its operations' counters. */
  private last: ExitRecord | null = null;
  private lastTotal = 0;
  private readonly counted: OpCounters[] = [];
  private readonly repeat = new RepeatExit();
  private capturing = false;
  private captured: number | null = null;
  private readonly out = new Float64Array(COMPONENTS.length);
  private readonly sums = new Float64Array(COMPONENTS.length);
  private readonly classes = new Map<number, string | null>();
  private readonly forms = new Map<number, FormCount>();
  private readonly ports = new Map<number, PortCount>();
  /** Keyed by (port << 4) | (in ? 8 : 0) | size. */
  private readonly operations = new Map<number, OperationCount>();
  private readonly prices: ExitPriceMemo;
  /** The current exit's operations as priced, and the pricing inputs (both reused). */
  private readonly pricedOps: PricedOp[] = [];
  private readonly inputs: PriceInputs = { mechanism: 'trap', location: 'kernel', bufferWalkLevels: 0, userspaceTrips: undefined, steps: null, ops: this.pricedOps, opCount: 0 };
  /** The record object handed to a transient sink last time, reused for the next exit. */
  private spare: ExitRecord | null = null;
  exits = 0;

  constructor(profile: Profile, private readonly cpuHz: number, private readonly sink: ExitSink) {
    this.prices = new ExitPriceMemo(profile);
  }

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
    if (this.repeat.same(x, cpu.cpl, bus)) return this.recordRepeat(cpu);
    let location: DeviceLocation = 'kernel';
    let owner: { name: string; location: DeviceLocation } | null = null;
    let elements = 0;
    const inputs = this.inputs;
    const priced = this.pricedOps;
    for (let i = 0; i < x.ops.length; i++) {
      const op = x.ops[i]!;
      const device = bus.ownerOf(op.port).device;
      if (i === 0) owner = device;
      if (device.location === 'userspace') location = 'userspace';
      elements += op.count;
      if (i === priced.length) priced.push({ formId: 0, count: 0, deviceClass: null });
      const p = priced[i]!;
      p.formId = op.formId;
      p.count = op.count;
      p.deviceClass = this.deviceClass(op.port);
      this.count(i, op, device.name, device.location);
    }
    this.counted.length = x.ops.length;
    const out = this.out;
    inputs.mechanism = x.mechanism;
    inputs.location = location;
    inputs.bufferWalkLevels = x.bufferWalkLevels;
    inputs.userspaceTrips = x.userspaceTrips;
    inputs.steps = x.steps;
    inputs.opCount = x.ops.length;
    const total = this.prices.price(inputs, out);
    for (let i = 0; i < out.length; i++) this.sums[i]! += out[i]!;
    this.exits++;
    const first = x.ops[0];
    const form = first ? IO_FORMS[first.formId]! : null;
    const steps = x.steps;
    // A sink that copies what it needs during push (ExitSink.transient) gets the same object
    // each time: no allocation per exit.
    const reuse = this.sink.transient === true ? this.spare : null;
    const r = reuse ?? blankRecord();
    r.seq = this.seq++;
    r.timeNs = (cpu.cycles * 1e9) / this.cpuHz;
    r.vcpu = 0;
    r.rip = x.rip >>> 0;
    r.cpl = cpu.cpl;
    r.insnBytes = x.insnBytes;
    r.reason = x.reason;
    r.reasonNative = x.reasonNative;
    r.isa = x.isa;
    r.reasonCode = x.reasonCode;
    r.formId = form ? form.id : null;
    r.mnemonic = form ? form.mnemonic : x.reason === 'HYPERCALL' ? 'vmcall' : null;
    r.port = first ? first.port : null;
    r.portSource = form ? form.portSource : null;
    r.size = form ? form.size : null;
    r.direction = form ? form.direction : null;
    r.isString = form ? form.string : null;
    r.isRep = form ? form.rep : null;
    r.count = first ? elements : null;
    r.addrSize = first ? first.addrSize : null;
    r.segment = first && first.segment !== null ? SEGMENT_NAMES[first.segment] ?? null : null;
    r.value = this.captured;
    r.bufferAddr = first ? first.bufferAddr : null;
    r.device = owner ? owner.name : null;
    r.deviceLocation = owner ? owner.location : null;
    r.mechanism = x.mechanism;
    r.info1 = x.info1;
    r.info2 = x.info2;
    r.errorCode = x.errorCode;
    r.latencyNs = (total * 1e9) / this.cpuHz;
    r.line = null;
    r.emulated = x.emulated;
    r.costEntry = out[0]!;
    r.costDispatch = out[1]!;
    r.costFetch = out[2]!;
    r.costDecode = out[3]!;
    r.costPermission = out[4]!;
    r.costUserspace = out[5]!;
    r.costEmulate = out[6]!;
    r.costResume = out[7]!;
    r.costTotal = total;
    r.stepBytes = steps ? steps.bytesFetched : null;
    r.stepPrefixes = steps ? steps.prefixes : null;
    r.stepBranches = steps ? steps.branches : null;
    r.stepTableLookups = steps ? steps.tableLookups : null;
    r.stepPageWalks = steps ? steps.pageWalks : null;
    r.stepWalkLevels = steps ? steps.walkLevels : null;
    r.stepTlbHits = steps ? steps.tlbHits : null;
    this.pending = r;
    this.pendingRepeat = false;
    this.last = r;
    this.lastTotal = total;
    this.repeat.remember(x, cpu.cpl, bus);
    return total;
  }

  /**
   * record() of an exit that repeats the last one (RepeatExit.same): `out` still holds its
   * components (only record() writes it), the counters are the ones it bumped, and its record
   * differs only in seq, time and value.
   */
  private recordRepeat(cpu: Cpu): number {
    const out = this.out;
    for (let i = 0; i < out.length; i++) this.sums[i]! += out[i]!;
    this.exits++;
    for (const c of this.counted) this.bump(c);
    const last = this.last!;
    const r = this.sink.transient === true ? last : { ...last };
    r.seq = this.seq++;
    r.timeNs = (cpu.cycles * 1e9) / this.cpuHz;
    r.value = this.captured;
    this.pending = r;
    this.pendingRepeat = true;
    this.last = r;
    return this.lastTotal;
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
    if (!this.pending) return;
    if (this.pendingRepeat && this.sink.pushRepeat) this.sink.pushRepeat(this.pending);
    else this.sink.push(this.pending);
    if (this.sink.transient === true) this.spare = this.pending;
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

  /** Counts operation `i` of the exit being recorded, and keeps its counters in counted[i]. */
  private count(i: number, op: ExitOp, device: string, location: DeviceLocation): void {
    const form = IO_FORMS[op.formId]!;
    let f = this.forms.get(form.id);
    if (!f) this.forms.set(form.id, (f = { formId: form.id, mnemonic: form.mnemonic, exits: 0, ops: 0, elements: 0 }));
    let p = this.ports.get(op.port);
    if (!p) this.ports.set(op.port, (p = { port: op.port, device, location, exits: 0, ops: 0, reads: 0, writes: 0, elements: 0 }));
    const key = (op.port << 4) | (form.direction === 'in' ? 8 : 0) | form.size;
    let o = this.operations.get(key);
    if (!o) this.operations.set(key, (o = { port: op.port, direction: form.direction, size: form.size, ops: 0, elements: 0 }));
    const c: OpCounters = { form: f, port: p, operation: o, input: form.direction === 'in', first: i === 0, elements: op.count };
    this.counted[i] = c;
    this.bump(c);
  }

  private bump(c: OpCounters): void {
    if (c.first) {
      c.form.exits++;
      c.port.exits++;
    }
    c.form.ops++;
    c.form.elements += c.elements;
    c.port.ops++;
    c.port.elements += c.elements;
    if (c.input) c.port.reads += c.elements;
    else c.port.writes += c.elements;
    c.operation.ops++;
    c.operation.elements += c.elements;
  }
}
