// A point-to-point Ethernet wire between two endpoints (the NE2000 and a network peer) with a
// bit rate and a one-way propagation latency, in guest time. A frame sent at cycle t starts
// when the sender's direction of the wire is free, occupies it for preamble + frame (padded to
// 60 bytes) + FCS bits at the link rate, then the 96-bit inter-frame gap; its last bit reaches
// the other side `latency` later, which is when `receiveFrame` is called there.
// Frames in flight live in a queue per direction (so arrival order equals send order); one
// timer fires at the earliest arrival.
// Invariant: each direction's queue is sorted by arrival cycle.
import type { GuestClock, Timer } from '../machine/guest-clock';
import { mulDivCeil } from '../machine/rate';
import { bytesToHex, hexToBytes } from '../machine/state-bytes';

export interface EthernetEndpoint {
  receiveFrame(frame: Uint8Array): void;
}

export interface EthernetLinkOptions {
  /** Bits per second (10 Mb/s for a real NE2000). */
  rateBps: number;
  /** One-way propagation latency, nanoseconds. */
  latencyNs: number;
}

const PREAMBLE_BYTES = 8;
const FCS_BYTES = 4;
const IFG_BITS = 96;
export const MIN_FRAME_BYTES = 60;

export interface InFlightFrame {
  to: 0 | 1;
  arriveAt: number;
  frame: string;
}

export interface EthernetLinkState {
  busyUntil: [number, number];
  inFlight: InFlightFrame[];
  timerDeadline: number;
}

export class EthernetLink {
  private readonly ends: [EthernetEndpoint | null, EthernetEndpoint | null] = [null, null];
  private busyUntil: [number, number] = [0, 0];
  private inFlight: { to: 0 | 1; arriveAt: number; frame: Uint8Array }[] = [];
  private readonly timer: Timer;

  constructor(
    private readonly clock: GuestClock,
    readonly options: EthernetLinkOptions,
  ) {
    this.timer = clock.createTimer('ethernet.link', () => this.deliverDue());
  }

  connect(a: EthernetEndpoint, b: EthernetEndpoint): void {
    this.ends[0] = a;
    this.ends[1] = b;
  }

  /** Guest cycles the frame's bits (preamble, padded frame, FCS) occupy the wire. */
  frameCycles(length: number): number {
    const bits = (PREAMBLE_BYTES + Math.max(length, MIN_FRAME_BYTES) + FCS_BYTES) * 8;
    return mulDivCeil(bits, this.clock.hz, this.options.rateBps);
  }

  latencyCycles(): number {
    return this.clock.cyclesAtNanos(this.options.latencyNs);
  }

  /** Starts sending `frame` from `from`; returns the cycle at which its last bit has left. */
  send(from: EthernetEndpoint, frame: Uint8Array): number {
    const dir: 0 | 1 = from === this.ends[0] ? 0 : 1;
    const to: 0 | 1 = dir === 0 ? 1 : 0;
    const start = Math.max(this.clock.now, this.busyUntil[dir]);
    const end = start + this.frameCycles(frame.length);
    this.busyUntil[dir] = end + mulDivCeil(IFG_BITS, this.clock.hz, this.options.rateBps);
    this.inFlight.push({ to, arriveAt: end + this.latencyCycles(), frame: frame.slice() });
    this.inFlight.sort((x, y) => x.arriveAt - y.arriveAt);
    this.arm();
    return end;
  }

  getState(): EthernetLinkState {
    return {
      busyUntil: [...this.busyUntil],
      inFlight: this.inFlight.map((f) => ({ to: f.to, arriveAt: f.arriveAt, frame: bytesToHex(f.frame) })),
      timerDeadline: this.timer.deadline,
    };
  }

  setState(state: EthernetLinkState): void {
    this.busyUntil = [...state.busyUntil];
    this.inFlight = state.inFlight.map((f) => ({ to: f.to, arriveAt: f.arriveAt, frame: hexToBytes(f.frame) }));
    this.arm();
  }

  private deliverDue(): void {
    while (this.inFlight.length > 0 && this.inFlight[0].arriveAt <= this.clock.now) {
      const f = this.inFlight.shift();
      if (f) this.ends[f.to]?.receiveFrame(f.frame);
    }
    this.arm();
  }

  private arm(): void {
    if (this.inFlight.length > 0) this.timer.armAt(this.inFlight[0].arriveAt);
    else this.timer.disarm();
  }
}
