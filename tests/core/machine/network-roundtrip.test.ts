// A guest-like NE2000 ping-pong driver (the Linux ne.c / lib8390 paths: remote-DMA write, TXP,
// interrupt, ISR, ring read with BNRY/CURR) run against the built platform for many rounds:
// every round trip must take exactly 2 x (wire time + latency) + peer processing of guest
// time, and the receive ring must wrap cleanly.
import { describe, expect, it } from 'vitest';
import { buildPlatform, type Platform } from '../../../src/core/machine/platform';
import { NIC_BASE, initNic, makeFrame, receiveAll, transmit } from '../devices/ne2000-driver';
import { initPics } from '../devices/rig';

const HZ = 500_000_000;
const MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
const PEER = [0x52, 0x54, 0x00, 0xfe, 0xed, 0x01];

/** Runs the clock until the PIC raises an interrupt; returns the vector. */
function waitForInterrupt(p: Platform): number {
  for (let guard = 0; guard < 1000 && !p.interrupts.hasInterrupt(); guard++) p.clock.advanceTo(p.clock.nextDeadline);
  return p.interrupts.acknowledge();
}

describe('NE2000 request/response over the modelled link', () => {
  it('every round trip takes 2 x (wire + latency) + processing, across ring wraps', () => {
    const p = buildPlatform({
      cpuHz: HZ,
      devices: { pic: {}, ne2000: { mac: MAC, link: { rateBps: 10_000_000, latencyNs: 30_000 }, peer: { mac: PEER, processingNs: 4_000 } } },
    });
    initPics(p.bus);
    p.bus.write(0x21, 1, 0xfb); // only the cascade on the master
    p.bus.write(0xa1, 1, 0xfd); // only IRQ9 on the slave
    initNic(p.bus, { mac: MAC, imr: 0x1f });
    const length = 700; // 3 ring pages per frame: the 58-page ring wraps every ~19 frames
    const wire = Math.ceil(((8 + length + 4) * 8 * HZ) / 10_000_000);
    const expected = 2 * (wire + 30_000 * (HZ / 1e9)) + 4_000 * (HZ / 1e9);
    for (let round = 0; round < 60; round++) {
      const frame = makeFrame(PEER, MAC, length, round);
      p.clock.advance(1_234); // the guest does some work between rounds
      const sentAt = p.clock.now;
      transmit(p.bus, frame);
      let got: number[][] = [];
      while (got.length === 0) {
        expect(waitForInterrupt(p)).toBe(0x29);
        const isr = p.bus.read(NIC_BASE + 7, 1);
        p.bus.write(NIC_BASE + 7, 1, isr & 0x03);
        if (isr & 0x01) got = receiveAll(p.bus);
        p.bus.write(0xa0, 1, 0x20);
        p.bus.write(0x20, 1, 0x20);
      }
      expect(p.devices.ne2000?.lastReceivedAt).toBe(sentAt + expected);
      expect(got).toHaveLength(1);
      expect(got[0].slice(0, 12)).toEqual([...MAC, ...PEER]);
      expect(got[0].slice(14)).toEqual(Array.from(frame.subarray(14)));
    }
    expect(p.devices.ne2000?.getState().framesDropped).toBe(0);
    expect(p.network?.peer.framesReceived).toBe(60);
  });
});
