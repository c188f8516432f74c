// The single-instruction test-vector format read by `exitscope cpu-test` (see the CPU issue):
// a JSON array of cases, each with initial and final registers and memory, an optional expected
// exception vector, I/O expectations and register masks. parseVectors validates the shape and
// turns it into typed cases, naming the first bad case and field on error.
export const VECTOR_REGS = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'eip', 'eflags'] as const;
export type VectorReg = (typeof VECTOR_REGS)[number];
export type VectorRegs = Record<VectorReg, number>;

export interface VectorCase {
  id: string;
  bytes: number[];
  init: { regs: VectorRegs; mem: [number, number][] };
  final: { regs: VectorRegs; mem: [number, number][] };
  flags_mask: number;
  exception?: number;
  rep?: boolean;
  io?: { reads?: number[]; writes?: [number, number][] };
  reg_masks?: Partial<Record<VectorReg, number>>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: expected a number`);
  return v;
}

function pairs(v: unknown, where: string): [number, number][] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${where}: expected an array of [address, byte] pairs`);
  return v.map((p, k) => {
    if (!Array.isArray(p) || p.length !== 2) throw new Error(`${where}[${k}]: expected [address, byte]`);
    return [num(p[0], `${where}[${k}][0]`), num(p[1], `${where}[${k}][1]`)];
  });
}

function regs(v: unknown, where: string): VectorRegs {
  if (!isObject(v)) throw new Error(`${where}: expected an object`);
  const out = {} as VectorRegs;
  for (const r of VECTOR_REGS) out[r] = num(v[r], `${where}.${r}`);
  return out;
}

export function parseVectors(text: string): VectorCase[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) throw new Error('vector file: expected a JSON array of cases');
  return data.map((raw, n) => {
    const where = `case ${n}`;
    if (!isObject(raw)) throw new Error(`${where}: expected an object`);
    const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : `#${n}`;
    const at = `case ${id}`;
    if (!Array.isArray(raw.bytes)) throw new Error(`${at}.bytes: expected an array`);
    const init = raw.init, fin = raw.final;
    if (!isObject(init) || !isObject(fin)) throw new Error(`${at}: init and final are required`);
    const c: VectorCase = {
      id,
      bytes: raw.bytes.map((b, k) => num(b, `${at}.bytes[${k}]`) & 0xff),
      init: { regs: regs(init.regs, `${at}.init.regs`), mem: pairs(init.mem, `${at}.init.mem`) },
      final: { regs: regs(fin.regs, `${at}.final.regs`), mem: pairs(fin.mem, `${at}.final.mem`) },
      flags_mask: raw.flags_mask === undefined ? 0xffffffff : num(raw.flags_mask, `${at}.flags_mask`),
    };
    if (raw.exception !== undefined && raw.exception !== null) c.exception = num(raw.exception, `${at}.exception`);
    if (raw.rep === true) c.rep = true;
    if (isObject(raw.io)) {
      c.io = {};
      if (Array.isArray(raw.io.reads)) c.io.reads = raw.io.reads.map((p, k) => num(p, `${at}.io.reads[${k}]`));
      if (raw.io.writes !== undefined) c.io.writes = pairs(raw.io.writes, `${at}.io.writes`);
    }
    if (isObject(raw.reg_masks)) {
      c.reg_masks = {};
      for (const r of VECTOR_REGS) if (raw.reg_masks[r] !== undefined) c.reg_masks[r] = num(raw.reg_masks[r], `${at}.reg_masks.${r}`);
    }
    return c;
  });
}
