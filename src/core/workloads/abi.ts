// The guest ABI as numbers for the TypeScript side: the mirror of asm/kernel/abi.inc (the
// test suite checks the two agree through the built images). docs/guest-abi.md explains them.

/** Where every image is loaded (physical = linear; the kernel identity-maps the first MAP_SIZE). */
export const LOAD_ADDRESS = 0x0010_0000;
/** The user workload's payload is loaded here and may be at most USER_SIZE bytes. */
export const USER_BASE = 0x0040_0000;
export const USER_SIZE = 0x0010_0000;
/** Identity-mapped by the kernel's page tables; also the least guest RAM an image needs. */
export const MAP_SIZE = 0x0080_0000;
/** A scratch page below 64 KiB used by 16-bit-address string I/O (the io_forms workload). */
export const LOW_SCRATCH = 0x7000;

export const HEADER_MAGIC = 0x4753_5845; // "EXSG"
export const ABI_VERSION = 1;
export const HEADER_SIZE = 0x60;

/** Header field offsets (all u32 unless noted). */
export const HDR = {
  magic: 0x00,
  version: 0x04, // u16
  headerSize: 0x06, // u16
  flags: 0x08,
  loadAddress: 0x0c,
  entry: 0x10,
  paramsOffset: 0x14,
  paramsSize: 0x18,
  resultsOffset: 0x1c,
  resultsSize: 0x20,
  textEnd: 0x24,
  imageEnd: 0x28,
  variantOffset: 0x2c,
  variantSize: 0x30,
  opsOffset: 0x34,
  minRam: 0x38,
  userBase: 0x3c,
  id: 0x40, // char[32]
} as const;
export const HDR_ID_BYTES = 32;

export const IMG_PARAVIRT = 0x01;
export const IMG_INTERRUPTS = 0x02;
export const IMG_USER = 0x04;

/** Common parameter block fields (u32). Workload fields start at P_WL. */
export const P = { cpl: 0x00, iopl: 0x04, ioBitmap: 0x08, iterations: 0x0c, pollLimit: 0x10, ring: 0x14 } as const;
export const P_WL = 0x20;

/** Common result block fields. Workload fields start at R_WL. */
export const R = {
  status: 0x00,
  error: 0x04,
  excVector: 0x08,
  excError: 0x0c,
  excEip: 0x10,
  excCs: 0x14,
  excCr2: 0x18,
  excEflags: 0x1c,
  tscStart: 0x20, // u64
  tscEnd: 0x28, // u64
  done: 0x30,
  irqs: 0x34,
  stage: 0x38,
  failAt: 0x3c,
} as const;
export const R_WL = 0x40;

export const IO_BITMAP_POLICIES = ['allow', 'deny', 'none'] as const;
export type IoBitmapPolicy = (typeof IO_BITMAP_POLICIES)[number];

export const STATUS_NAMES = ['running', 'done', 'exception'] as const;
export type RunStatus = (typeof STATUS_NAMES)[number];
export const ERROR_NAMES = ['ok', 'bad parameter', 'device timeout', 'device error'] as const;
export const STAGE_NAMES = ['loaded', 'boot', 'paging', 'driver', 'exit'] as const;

// The hypercall ABI (numbers, errors, batch entry, ring layout) is shared with the machine's
// paravirtual backend, so it sits below both: src/core/hypercall-abi.ts.
export * from '../hypercall-abi';

/** Paravirt ops table order (dword entries at the header's opsOffset). */
export const OPS = ['inb', 'inw', 'inl', 'outb', 'outw', 'outl', 'insb', 'insw', 'insl', 'outsb', 'outsw', 'outsl', 'out_multi', 'hypercall', 'flush'] as const;
export const OP_SLOT_BYTES = 64;
