// Shared helpers for accesses wider than what a register decodes. Two cases exist on a PC:
//   - consecutive registers (an 8-bit device at p, p+1, ...): a 16/32-bit access is a series of
//     narrower accesses at increasing ports, assembled little-endian (done by the port bus);
//   - one FIFO-like data port (ATA, NE2000 remote DMA): a wide access is a series of narrower
//     accesses to the same port (done by the device with `readRepeated`/`writeRepeated`).
// Invariant: values are unsigned and fit their size.
import type { PortSize } from './port-io';

export const SIZE_MASK: Readonly<Record<PortSize, number>> = { 1: 0xff, 2: 0xffff, 4: 0xffffffff };

/** Bit set of the sizes a register decodes: bit value == size (1, 2, 4). */
export type SizeSet = number;
export const BYTES: SizeSet = 1;
export const BYTES_WORDS: SizeSet = 1 | 2;
export const ALL_SIZES: SizeSet = 1 | 2 | 4;

export function maskFor(size: PortSize, value: number): number {
  return size === 4 ? value >>> 0 : value & SIZE_MASK[size];
}

/** Reads `size` bytes as little-endian units of `unit` bytes, each from `readUnit(index)`. */
export function readUnits(size: PortSize, unit: 1 | 2, readUnit: (index: number) => number): number {
  const bits = unit * 8;
  let value = 0;
  for (let i = 0, n = size / unit; i < n; i++) value += readUnit(i) * 2 ** (bits * i);
  return value >>> 0;
}

/** Writes `size` bytes of `value` as little-endian units of `unit` bytes through `writeUnit`. */
export function writeUnits(size: PortSize, unit: 1 | 2, value: number, writeUnit: (index: number, unitValue: number) => void): void {
  const bits = unit * 8;
  const mask = unit === 1 ? 0xff : 0xffff;
  for (let i = 0, n = size / unit; i < n; i++) writeUnit(i, Math.floor((value >>> 0) / 2 ** (bits * i)) & mask);
}

/** A wide access to one data port as repeated accesses of the port's natural unit. */
export function readRepeated(size: PortSize, unit: 1 | 2, readUnit: () => number): number {
  return size <= unit ? readUnit() & SIZE_MASK[size] : readUnits(size, unit, readUnit);
}

export function writeRepeated(size: PortSize, unit: 1 | 2, value: number, writeUnit: (unitValue: number) => void): void {
  if (size <= unit) writeUnit(value & SIZE_MASK[size]);
  else writeUnits(size, unit, value, (_i, v) => writeUnit(v));
}

/** The byte of a wider register that an access at `offset` (bytes into it) of `size` sees. */
export function sliceOf(register: number, offset: number, size: PortSize): number {
  return maskFor(size, Math.floor((register >>> 0) / 2 ** (8 * offset)));
}
