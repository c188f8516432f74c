// A small NE2000 driver for tests, following Linux ne.c / lib8390: NS8390_init, remote-DMA
// block input/output, NS8390_trigger_send and the ei_receive ring walk. It talks to any PortIo
// (a test rig's bus or a built platform's), so device and platform tests share one driver.
import type { PortIo } from '../../../src/core/machine/port-io';

export const NIC_BASE = 0x300;
export const TX_PAGE = 0x40;
export const RX_START = 0x46;
export const RX_STOP = 0x80;

export interface NicInit {
  mac: readonly number[];
  base?: number;
  /** Receive configuration (default: accept broadcast). */
  rcr?: number;
  /** Interrupt mask (default: all). */
  imr?: number;
}

export function initNic(io: PortIo, init: NicInit): void {
  const b = init.base ?? NIC_BASE;
  const out = (reg: number, v: number): void => io.write(b + reg, 1, v);
  out(0, 0x21); // page 0, stop, abort DMA
  out(0x0e, 0x49); // DCR: word-wide, normal, FIFO threshold 8
  out(0x0a, 0); out(0x0b, 0);
  out(0x0c, init.rcr ?? 0x04);
  out(0x0d, 0x02); // TCR: loopback while setting up
  out(0x04, TX_PAGE);
  out(0x01, RX_START);
  out(0x03, RX_START);
  out(0x02, RX_STOP);
  out(0x07, 0xff);
  out(0x0f, 0x00);
  out(0, 0x61); // page 1
  init.mac.forEach((byte, i) => out(0x01 + i, byte));
  out(0x07, RX_START + 1); // CURR
  out(0, 0x22); // page 0, start
  out(0x07, 0xff);
  out(0x0f, init.imr ?? 0x3f);
  out(0x0d, 0x00); // TCR: normal
}

function dma(io: PortIo, b: number, command: number, addr: number, count: number): void {
  io.write(b + 0x0a, 1, count & 0xff);
  io.write(b + 0x0b, 1, count >> 8);
  io.write(b + 0x08, 1, addr & 0xff);
  io.write(b + 0x09, 1, addr >> 8);
  io.write(b, 1, command);
}

/** ne_block_output: remote-DMA write with REP OUTSW, then wait for and ack RDC. */
export function remoteWrite(io: PortIo, addr: number, data: Uint8Array, b = NIC_BASE): void {
  dma(io, b, 0x12, addr, data.length);
  for (let i = 0; i < data.length; i += 2) io.write(b + 0x10, 2, data[i] | ((data[i + 1] ?? 0) << 8));
  if ((io.read(b + 0x07, 1) & 0x40) === 0) throw new Error('remote DMA did not complete (no RDC)');
  io.write(b + 0x07, 1, 0x40);
}

/** ne_block_input: remote-DMA read with REP INSW. */
export function remoteRead(io: PortIo, addr: number, count: number, b = NIC_BASE): number[] {
  dma(io, b, 0x0a, addr, count);
  const out: number[] = [];
  for (let i = 0; i < count; i += 2) {
    const w = io.read(b + 0x10, 2);
    out.push(w & 0xff, w >> 8);
  }
  io.write(b + 0x07, 1, 0x40);
  return out.slice(0, count);
}

/** Copies the frame to the transmit page and starts sending it (CR = start | TXP | no DMA). */
export function transmit(io: PortIo, frame: Uint8Array, b = NIC_BASE): void {
  remoteWrite(io, TX_PAGE << 8, frame, b);
  io.write(b + 0x05, 1, frame.length & 0xff);
  io.write(b + 0x06, 1, frame.length >> 8);
  io.write(b, 1, 0x26);
}

/** ei_receive: every frame between BNRY + 1 and CURR, moving BNRY behind each. */
export function receiveAll(io: PortIo, b = NIC_BASE): number[][] {
  const frames: number[][] = [];
  for (;;) {
    io.write(b, 1, 0x62);
    const curr = io.read(b + 0x07, 1);
    io.write(b, 1, 0x22);
    let next = io.read(b + 0x03, 1) + 1;
    if (next >= RX_STOP) next = RX_START;
    if (next === curr) return frames;
    const [status, nextPage, lo, hi] = remoteRead(io, next << 8, 4, b);
    if ((status & 0x01) === 0) throw new Error(`bad receive status 0x${status.toString(16)}`);
    const length = (lo | (hi << 8)) - 4;
    const start = (next << 8) + 4;
    const first = Math.min(length, (RX_STOP << 8) - start);
    const data = remoteRead(io, start, first, b);
    if (first < length) data.push(...remoteRead(io, RX_START << 8, length - first, b));
    frames.push(data);
    io.write(b + 0x03, 1, nextPage - 1 < RX_START ? RX_STOP - 1 : nextPage - 1);
  }
}

/** An Ethernet frame to `to` from `from`, type IPv4, with a payload pattern. */
export function makeFrame(to: readonly number[], from: readonly number[], length: number, seed = 0): Uint8Array {
  const f = new Uint8Array(length);
  f.set(to, 0);
  f.set(from, 6);
  f[12] = 0x08;
  f[13] = 0x00;
  for (let i = 14; i < length; i++) f[i] = (i * 3 + seed) & 0xff;
  return f;
}
