// The bytes behind the ATA disk: either a byte array from the config (its length rounded up to
// whole 512-byte sectors with zeros) or a generated image whose every byte is a fixed function
// of (LBA, offset, seed) so tests and workloads can check what they read without storing it.
// Writes go to an overlay of whole sectors; the base image is never modified, so the
// overlay alone is the disk's state.
// Invariant: every overlay entry is exactly SECTOR_SIZE bytes and its LBA < sectors.
import { bytesToHex, hexToBytes } from '../machine/state-bytes';

export const SECTOR_SIZE = 512;

export type DiskImageSource =
  | { kind: 'bytes'; data: Uint8Array }
  | { kind: 'generated'; sectors: number; seed?: number };

/** Byte `offset` of sector `lba` in a generated image: the LBA (little-endian) then a pattern. */
export function generatedSectorByte(lba: number, offset: number, seed = 0): number {
  if (offset < 4) return Math.floor(lba / 2 ** (8 * offset)) & 0xff;
  return (lba * 31 + offset * 7 + (offset >> 8) + seed) & 0xff;
}

export type DiskOverlayState = Record<string, string>;

export class DiskImage {
  readonly sectors: number;
  private overlay = new Map<number, Uint8Array>();

  constructor(private readonly source: DiskImageSource) {
    this.sectors = source.kind === 'bytes' ? Math.ceil(source.data.length / SECTOR_SIZE) : source.sectors;
  }

  readSector(lba: number, out: Uint8Array): void {
    const written = this.overlay.get(lba);
    if (written) {
      out.set(written);
      return;
    }
    const src = this.source;
    if (src.kind === 'bytes') {
      out.fill(0);
      out.set(src.data.subarray(lba * SECTOR_SIZE, Math.min((lba + 1) * SECTOR_SIZE, src.data.length)));
      return;
    }
    for (let i = 0; i < SECTOR_SIZE; i++) out[i] = generatedSectorByte(lba, i, src.seed ?? 0);
  }

  writeSector(lba: number, data: Uint8Array): void {
    this.overlay.set(lba, data.slice(0, SECTOR_SIZE));
  }

  getState(): DiskOverlayState {
    const out: DiskOverlayState = {};
    for (const [lba, data] of [...this.overlay].sort((a, b) => a[0] - b[0])) out[String(lba)] = bytesToHex(data);
    return out;
  }

  setState(state: DiskOverlayState): void {
    this.overlay = new Map(Object.entries(state).map(([lba, hex]) => [Number(lba), hexToBytes(hex)]));
  }
}
