// The machine on the other end of the NE2000's wire. In `echo` mode it answers every frame it
// receives with the same payload addressed back to the sender (destination = the frame's
// source, source = the peer's MAC), after a processing delay of guest time, so a guest's
// request/response loop sees a real round trip: 2 x (wire time + latency) + processing.
// `silent` mode only counts frames. A custom responder (code, not config) can return any
// frames. Responses waiting out the processing delay are queued in order with one timer.
import type { GuestClock, Timer } from '../machine/guest-clock';
import { bytesToHex, hexToBytes } from '../machine/state-bytes';
import type { EthernetEndpoint, EthernetLink } from './ethernet-link';

export type PeerMode = 'echo' | 'silent';
export type PeerResponder = (frame: Uint8Array) => Uint8Array[];

export interface NetworkPeerOptions {
  mode: PeerMode;
  mac: readonly number[];
  processingNs: number;
  /** Replaces the mode's behaviour when given. */
  responder?: PeerResponder;
}

export interface NetworkPeerState {
  received: number;
  sent: number;
  lastArrivalAt: number;
  pending: { at: number; frame: string }[];
  timerDeadline: number;
}

export class NetworkPeer implements EthernetEndpoint {
  private received = 0;
  private sent = 0;
  private pending: { at: number; frame: Uint8Array }[] = [];
  private link: EthernetLink | null = null;
  private readonly timer: Timer;
  /** Guest cycle at which the last frame arrived (-1: none yet). */
  lastArrivalAt = -1;

  constructor(
    private readonly clock: GuestClock,
    readonly options: NetworkPeerOptions,
  ) {
    this.timer = clock.createTimer('ethernet.peer', () => this.sendDue());
  }

  attach(link: EthernetLink): void {
    this.link = link;
  }

  get framesReceived(): number {
    return this.received;
  }

  get framesSent(): number {
    return this.sent;
  }

  receiveFrame(frame: Uint8Array): void {
    this.received += 1;
    this.lastArrivalAt = this.clock.now;
    const replies = this.options.responder ? this.options.responder(frame) : this.options.mode === 'echo' ? [this.echo(frame)] : [];
    const at = this.clock.now + this.clock.cyclesAtNanos(this.options.processingNs);
    for (const reply of replies) this.pending.push({ at, frame: reply });
    this.sendDue();
  }

  getState(): NetworkPeerState {
    return {
      received: this.received,
      sent: this.sent,
      lastArrivalAt: this.lastArrivalAt,
      pending: this.pending.map((p) => ({ at: p.at, frame: bytesToHex(p.frame) })),
      timerDeadline: this.timer.deadline,
    };
  }

  setState(state: NetworkPeerState): void {
    this.received = state.received;
    this.sent = state.sent;
    this.lastArrivalAt = state.lastArrivalAt;
    this.pending = state.pending.map((p) => ({ at: p.at, frame: hexToBytes(p.frame) }));
    this.arm();
  }

  private echo(frame: Uint8Array): Uint8Array {
    const reply = frame.slice();
    reply.set(frame.subarray(6, 12), 0);
    reply.set(this.options.mac, 6);
    return reply;
  }

  private sendDue(): void {
    while (this.pending.length > 0 && this.pending[0].at <= this.clock.now) {
      const p = this.pending.shift();
      if (p && this.link) {
        this.link.send(this, p.frame);
        this.sent += 1;
      }
    }
    this.arm();
  }

  private arm(): void {
    if (this.pending.length > 0) this.timer.armAt(this.pending[0].at);
    else this.timer.disarm();
  }
}
