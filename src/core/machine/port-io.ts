// The seam between the CPU and the port bus: the CPU performs IN/OUT/INS/OUTS element by
// element through this interface; the machine's port bus implements it. Sizes are in bytes.
// Invariant: values passed and returned are unsigned and fit the size (value >>> 0 & mask).
export type PortSize = 1 | 2 | 4;

export interface PortIo {
  read(port: number, size: PortSize): number;
  write(port: number, size: PortSize, value: number): void;
}
