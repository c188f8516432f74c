// Instructions that inspect descriptors without loading them: LAR, LSL, VERR, VERW (ZF reports
// success, nothing faults for a bad selector), ARPL, plus the debug-register moves (DR0-DR7
// are plain storage: breakpoints are not implemented) and two odd one-byte opcodes, SALC and
// INT1 (ICEBP).
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { ZF } from '../regs';
import { gp, DB } from '../fault';
import { getCF } from '../flags';
import { dplOf, descLimit, ATTR_CODE, ATTR_CONFORMING, ATTR_RW, ATTR_S } from '../segments';
import { deliverInterrupt } from '../interrupts';
import { ea } from './operands';

function setZF(c: Cpu, on: boolean): void {
  c.getEflags();
  c.flags = on ? c.flags | ZF : c.flags & ~ZF;
}

/** The descriptor dwords for `sel` or null when the selector is null or past its table. */
function peekDescriptor(c: Cpu, sel: number): [number, number] | null {
  if ((sel & 0xfffc) === 0) return null;
  const local = (sel & 4) !== 0;
  if (local && (c.ldtSel & 0xfffc) === 0) return null;
  const base = local ? c.ldtBase : c.gdtBase;
  const limit = (local ? c.ldtLimit : c.gdtLimit) >>> 0;
  if ((sel & 0xfff8) + 7 > limit) return null;
  return [c.readSys32((base + (sel & 0xfff8)) | 0), c.readSys32((base + (sel & 0xfff8) + 4) | 0)];
}

/** The DPL >= max(CPL, RPL) rule, waived for conforming code segments. */
function visible(c: Cpu, sel: number, hi: number): boolean {
  const attr = hi >>> 8;
  const conformingCode = (attr & (ATTR_S | ATTR_CODE | ATTR_CONFORMING)) === (ATTR_S | ATTR_CODE | ATTR_CONFORMING);
  return conformingCode || dplOf(hi) >= Math.max(c.cpl, sel & 3);
}

const LAR_SYSTEM = new Set([1, 2, 3, 4, 5, 9, 11, 12]);
const LSL_SYSTEM = new Set([1, 2, 3, 9, 11]);

function selectorOperand(c: Cpu, i: Parameters<Handler>[1]): number {
  return i.mod3 ? c.r16[i.rm << 1] : c.read16(i.seg, ea(c, i));
}

/** 0F 02 LAR and 0F 03 LSL (i.op 0 / 1). */
export const larLsl: Handler = (c, i) => {
  const sel = selectorOperand(c, i);
  const d = peekDescriptor(c, sel);
  if (d === null) return setZF(c, false);
  const [lo, hi] = d;
  const attr = hi >>> 8;
  const okType = (attr & ATTR_S) !== 0 || (i.op === 0 ? LAR_SYSTEM : LSL_SYSTEM).has(attr & 0xf);
  if (!okType || !visible(c, sel, hi)) return setZF(c, false);
  setZF(c, true);
  const v = i.op === 0 ? hi & 0x00ffff00 : descLimit(lo, hi);
  c.setReg(i.size, i.reg, i.size === 2 ? v & 0xffff : v);
};

/** 0F 00 /4 VERR and /5 VERW (i.op 4 / 5). */
export const verify: Handler = (c, i) => {
  const sel = selectorOperand(c, i);
  const d = peekDescriptor(c, sel);
  if (d === null) return setZF(c, false);
  const attr = d[1] >>> 8;
  if ((attr & ATTR_S) === 0 || !visible(c, sel, d[1])) return setZF(c, false);
  const code = (attr & ATTR_CODE) !== 0;
  const ok = i.op === 4 ? !code || (attr & ATTR_RW) !== 0 : !code && (attr & ATTR_RW) !== 0;
  setZF(c, ok);
};

/** 63: ARPL r/m16, r16 */
export const arpl: Handler = (c, i) => {
  const src = c.r16[i.reg << 1];
  const off = i.mod3 ? 0 : ea(c, i);
  const dst = i.mod3 ? c.r16[i.rm << 1] : c.read16(i.seg, off);
  if ((dst & 3) < (src & 3)) {
    const v = (dst & ~3) | (src & 3);
    if (i.mod3) c.r16[i.rm << 1] = v;
    else c.write16(i.seg, off, v);
    setZF(c, true);
  } else setZF(c, false);
};

/** 0F 21 / 0F 23: MOV r32, DRn / MOV DRn, r32 (i.op 0 = read). DR4/DR5 alias DR6/DR7. */
export const movDr: Handler = (c, i) => {
  if (c.cpl !== 0) gp(0);
  const n = i.reg === 4 || i.reg === 5 ? i.reg + 2 : i.reg;
  if (i.op === 0) c.r32[i.rm] = c.dr[n];
  else c.dr[n] = c.r32[i.rm];
};

/** D6: SALC (undocumented): AL = CF ? 0xFF : 0. */
export const salc: Handler = (c) => {
  c.r8[0] = getCF(c) ? 0xff : 0;
};

/** F1: INT1 / ICEBP: a #DB trap delivered without the gate DPL check. */
export const icebp: Handler = (c) => {
  const hook = c.hooks.exception;
  if (hook !== undefined && hook(c, DB, 0, false)) return;
  deliverInterrupt(c, DB, 0, false, false);
};

