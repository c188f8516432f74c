import { describe, expect, it } from 'vitest';
import { EthernetLink } from '../../../src/core/devices/ethernet-link';
import { multicastHashIndex } from '../../../src/core/devices/dp8390-filter';
import { ISR_PRX, ISR_PTX, ISR_RDC, Ne2000 } from '../../../src/core/devices/ne2000';
import { NetworkPeer } from '../../../src/core/devices/network-peer';
import * as driver from './ne2000-driver';
import { USER, initPics, rig, viaJson } from './rig';

const IO = 0x300;
const CR = IO, BNRY = IO + 3, TBCR0 = IO + 5, TBCR1 = IO + 6, ISR = IO + 7;
const RSAR0 = IO + 8, RSAR1 = IO + 9, RBCR0 = IO + 10, RBCR1 = IO + 11, RCR = IO + 12, TCR = IO + 13, DCR = IO + 14;
const DATA = IO + 0x10, RESET = IO + 0x1f;
const MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const PEER_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];

function setup(opts: { latencyNs?: number; rateBps?: number; processingNs?: number; mode?: 'echo' | 'silent' } = {}) {
  const r = rig(100_000_000);
  const nic = r.attach(new Ne2000(USER('ne2000'), IO, MAC, r.clock, r.line(9)));
  const link = new EthernetLink(r.clock, { rateBps: opts.rateBps ?? 10_000_000, latencyNs: opts.latencyNs ?? 50_000 });
  const peer = new NetworkPeer(r.clock, { mode: opts.mode ?? 'echo', mac: PEER_MAC, processingNs: opts.processingNs ?? 0 });
  link.connect(nic, peer);
  nic.attach(link);
  peer.attach(link);
  return { ...r, nic, link, peer };
}
type T = ReturnType<typeof setup>;

const initNic = (t: T, rcr = 0x04): void => driver.initNic(t.bus, { mac: MAC, rcr });
const remoteWrite = (t: T, addr: number, data: Uint8Array): void => driver.remoteWrite(t.bus, addr, data);
const remoteRead = (t: T, addr: number, count: number): number[] => driver.remoteRead(t.bus, addr, count);
const frame = (to: number[], from: number[], length: number): Uint8Array => driver.makeFrame(to, from, length);

describe('NE2000 (DP8390)', () => {
  it('presents the station address PROM through byte-wide remote DMA, each byte doubled', () => {
    const t = setup();
    t.outb(CR, 0x21);
    t.outb(DCR, 0x48); // byte-wide
    t.outb(RBCR0, 32); t.outb(RBCR1, 0);
    t.outb(RSAR0, 0); t.outb(RSAR1, 0);
    t.outb(CR, 0x0a);
    const prom = Array.from({ length: 32 }, () => t.inb(DATA));
    expect(prom.slice(0, 12)).toEqual(MAC.flatMap((b) => [b, b]));
    expect(prom.slice(28)).toEqual([0x57, 0x57, 0x57, 0x57]);
    expect(t.inb(ISR) & ISR_RDC).toBe(ISR_RDC);
  });

  it('moves words through the data port and wraps the remote address at PSTOP', () => {
    const t = setup();
    initNic(t);
    const data = Uint8Array.from({ length: 64 }, (_, i) => i * 5);
    remoteWrite(t, 0x7fe0, data); // 0x7FE0..0x801F wraps at PSTOP 0x80 to PSTART 0x46
    expect(t.nic.readMem(0x7fe0)).toBe(0);
    expect(t.nic.readMem(0x4600)).toBe(32 * 5);
    expect(remoteRead(t, 0x7fe0, 64)).toEqual(Array.from(data));
    // a dword access is two word transfers
    t.outb(RBCR0, 4); t.outb(RBCR1, 0); t.outb(RSAR0, 0xe0); t.outb(RSAR1, 0x7f); t.outb(CR, 0x0a);
    expect(t.inl(DATA)).toBe(0x0f0a0500);
  });

  it('exposes register pages 1 and 2', () => {
    const t = setup();
    initNic(t);
    t.outb(CR, 0x62);
    expect(Array.from({ length: 6 }, (_, i) => t.inb(IO + 1 + i))).toEqual(MAC);
    expect(t.inb(IO + 7)).toBe(0x47);
    t.outb(IO + 8, 0x80); // MAR0
    expect(t.inb(IO + 8)).toBe(0x80);
    t.outb(CR, 0xa2);
    expect([t.inb(IO + 1), t.inb(IO + 2), t.inb(IO + 4), t.inb(IO + 12), t.inb(IO + 13), t.inb(IO + 14), t.inb(IO + 15)])
      .toEqual([0x46, 0x80, 0x40, 0x04, 0x00, 0x49, 0x3f]);
    t.outb(CR, 0x22);
    expect(t.inb(BNRY)).toBe(0x46);
  });

  it('resets when the reset port is read', () => {
    const t = setup();
    initNic(t);
    expect(t.inb(ISR) & 0x80).toBe(0);
    t.outb(RESET, t.inb(RESET));
    expect(t.inb(ISR) & 0x80).toBe(0x80);
    expect(t.inb(CR)).toBe(0x21);
  });

  it('round trip: transmit -> peer echo -> receive takes 2 x (wire time + latency) + processing of guest time', () => {
    const t = setup({ latencyNs: 50_000, rateBps: 10_000_000, processingNs: 3_000 });
    initPics(t);
    initNic(t);
    const out = frame(PEER_MAC, MAC, 98);
    remoteWrite(t, 0x4000, out);
    t.clock.advance(12_345);
    const t0 = t.clock.now;
    t.outb(TBCR0, out.length); t.outb(TBCR1, 0);
    t.outb(CR, 0x26); // start + TXP + no DMA
    expect(t.inb(CR) & 0x04).toBe(0x04);
    // 98-byte frame on a 10 Mb/s wire: (8 preamble + 98 + 4 FCS) * 8 bits = 880 bits = 88 us.
    const wire = 8_800;
    const latency = 5_000;
    const processing = 300;
    t.clock.advance(wire - 1);
    expect(t.inb(ISR) & ISR_PTX).toBe(0);
    t.clock.advance(1);
    expect(t.inb(ISR) & ISR_PTX).toBe(ISR_PTX);
    expect(t.inb(CR) & 0x04).toBe(0);
    expect(t.pic.acknowledge()).toBe(0x29); // IRQ9 on the slave
    t.outb(ISR, ISR_PTX);
    t.outb(0xa0, 0x20); t.outb(0x20, 0x20);

    t.clock.advanceTo(t0 + 2 * wire + 2 * latency + processing - 1);
    expect(t.inb(ISR) & ISR_PRX).toBe(0);
    t.clock.advance(1);
    expect(t.inb(ISR) & ISR_PRX).toBe(ISR_PRX);
    expect(t.nic.lastReceivedAt).toBe(t0 + 2 * wire + 2 * latency + processing);
    expect(t.peer.lastArrivalAt).toBe(t0 + wire + latency);
    expect(t.pic.acknowledge()).toBe(0x29);

    // Read it as ne_get_8390_hdr + ne_block_input do.
    t.outb(CR, 0x62);
    expect(t.inb(IO + 7)).toBe(0x48); // CURR advanced by one page
    t.outb(CR, 0x22);
    const [status, next, lo, hi] = remoteRead(t, 0x4700, 4);
    expect([status, next, lo | (hi << 8)]).toEqual([0x01, 0x48, 98 + 4]);
    const got = remoteRead(t, 0x4704, 98);
    const expected = Array.from(out);
    expected.splice(0, 12, ...MAC, ...PEER_MAC);
    expect(got).toEqual(expected);
  });

  it('pads short frames to 60 bytes and fills the ring across PSTOP', () => {
    const t = setup({ latencyNs: 0 });
    initNic(t);
    t.outb(CR, 0x62); t.outb(IO + 7, 0x7f); t.outb(CR, 0x22); // CURR on the last page
    t.outb(BNRY, 0x7e);
    t.nic.receiveFrame(frame(MAC, PEER_MAC, 300));
    t.outb(CR, 0x62);
    expect(t.inb(IO + 7)).toBe(0x47); // 304 bytes = 2 pages: 0x7F, then 0x46
    t.outb(CR, 0x22);
    expect(remoteRead(t, 0x7f00, 4)).toEqual([0x01, 0x47, 304 & 0xff, 304 >> 8]);
    t.nic.receiveFrame(frame(MAC, PEER_MAC, 20));
    expect(remoteRead(t, 0x4700, 4)).toEqual([0x01, 0x48, 64, 0]);
  });

  it('sets OVW and drops the frame when the ring would reach BNRY', () => {
    const t = setup();
    initNic(t);
    t.outb(BNRY, 0x49); // CURR 0x47: two pages free, a 600-byte frame needs three
    t.nic.receiveFrame(frame(MAC, PEER_MAC, 600));
    expect(t.inb(ISR) & 0x10).toBe(0x10);
    expect(t.inb(ISR) & ISR_PRX).toBe(0);
  });

  it('filters by station address, broadcast (RCR.AB), multicast hash (RCR.AM) and promiscuous mode', () => {
    const t = setup();
    initNic(t, 0x00);
    t.nic.receiveFrame(frame([0x52, 0x54, 0, 0, 0, 9], PEER_MAC, 60));
    t.nic.receiveFrame(frame([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], PEER_MAC, 60));
    expect(t.inb(ISR) & ISR_PRX).toBe(0);
    t.outb(RCR, 0x04);
    t.nic.receiveFrame(frame([0xff, 0xff, 0xff, 0xff, 0xff, 0xff], PEER_MAC, 60));
    expect(t.inb(ISR) & ISR_PRX).toBe(ISR_PRX);
    const group = [0x01, 0x00, 0x5e, 0x00, 0x00, 0x01];
    const index = multicastHashIndex(Uint8Array.from(group));
    t.outb(RCR, 0x08);
    t.outb(ISR, 0xff);
    t.nic.receiveFrame(frame(group, PEER_MAC, 60));
    expect(t.inb(ISR) & ISR_PRX).toBe(0);
    t.outb(CR, 0x62); t.outb(IO + 8 + (index >> 3), 1 << (index & 7)); t.outb(CR, 0x22);
    t.nic.receiveFrame(frame(group, PEER_MAC, 60));
    expect(t.inb(ISR) & ISR_PRX).toBe(ISR_PRX);
    t.outb(RCR, 0x10);
    t.outb(ISR, 0xff);
    t.nic.receiveFrame(frame([0x52, 0x54, 0, 0, 0, 9], PEER_MAC, 60));
    expect(t.inb(ISR) & ISR_PRX).toBe(ISR_PRX);
  });

  it('computes the multicast hash as the top 6 bits of the Ethernet CRC-32', () => {
    // Reference values: bit-reversed zlib crc32 (reflected, inverted) of each address, >> 26.
    expect(multicastHashIndex(Uint8Array.from([0x01, 0x00, 0x5e, 0x00, 0x00, 0x01]))).toBe(31);
    expect(multicastHashIndex(Uint8Array.from([0x33, 0x33, 0x00, 0x00, 0x00, 0x01]))).toBe(62);
    expect(multicastHashIndex(Uint8Array.from([0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa]))).toBe(43);
  });

  it('loops a transmitted frame back to its own receiver in loopback mode, not onto the wire', () => {
    const t = setup();
    initNic(t);
    t.outb(TCR, 0x02); // internal loopback
    const out = frame(MAC, MAC, 64);
    remoteWrite(t, 0x4000, out);
    const t0 = t.clock.now;
    t.outb(TBCR0, 64); t.outb(TBCR1, 0);
    t.outb(CR, 0x26);
    t.clock.advance(100_000);
    expect(t.peer.framesReceived).toBe(0);
    expect(t.inb(ISR) & (ISR_PTX | ISR_PRX)).toBe(ISR_PTX | ISR_PRX);
    expect(t.nic.lastReceivedAt).toBe(t0 + t.link.frameCycles(64));
    expect(remoteRead(t, 0x4704, 64)).toEqual(Array.from(out));
  });

  it('drops frames while stopped and counts what it sent and dropped', () => {
    const t = setup({ mode: 'silent' });
    initNic(t);
    t.outb(CR, 0x21);
    t.nic.receiveFrame(frame(MAC, PEER_MAC, 60));
    expect(t.nic.getState().framesDropped).toBe(1);
  });

  it('round-trips NIC, link and peer state with a frame in flight', () => {
    const make = () => {
      const t = setup({ processingNs: 1_000 });
      initNic(t);
      return t;
    };
    const a = make();
    remoteWrite(a, 0x4000, frame(PEER_MAC, MAC, 60));
    a.outb(TBCR0, 60); a.outb(TBCR1, 0);
    a.outb(CR, 0x26);
    a.clock.advance(9_000); // frame is on the wire to the peer
    const saved = viaJson({ clock: a.clock.getState(), nic: a.nic.getState(), link: a.link.getState(), peer: a.peer.getState() });
    const b = make();
    b.clock.setState(saved.clock);
    b.nic.setState(saved.nic);
    b.link.setState(saved.link);
    b.peer.setState(saved.peer);
    expect(b.nic.getState()).toEqual(saved.nic);
    a.clock.advance(50_000);
    b.clock.advance(50_000);
    expect(b.nic.getState()).toEqual(a.nic.getState());
    expect(b.peer.getState()).toEqual(a.peer.getState());
    expect(b.nic.lastReceivedAt).toBeGreaterThan(0);
    expect(b.nic.lastReceivedAt).toBe(a.nic.lastReceivedAt);
  });
});
