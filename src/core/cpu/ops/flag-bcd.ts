// Flag instructions (CLC STC CMC CLD STD CLI STI) and the BCD adjusts (DAA DAS AAA AAS AAM AAD).
// CLI/STI need CPL <= IOPL (no VME/PVI), else #GP(0); STI holds off interrupts for one more
// instruction. BCD adjusts follow the SDM pseudo-code (AAA/AAS in their AX +/- 106h form); the
// flags the SDM leaves undefined take the values of the result (ZF/SF/PF) or are left unchanged.
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { getCF, getAF, setCF, setLazyResult } from '../flags';
import { CF, AF, DF, IF, IOPL, OF } from '../regs';
import { gp, fault, DE } from '../fault';

export const clc: Handler = (c) => setCF(c, false);
export const stc: Handler = (c) => setCF(c, true);
export const cmc: Handler = (c) => setCF(c, !getCF(c));
export const cld: Handler = (c) => {
  c.flags &= ~DF;
};
export const std: Handler = (c) => {
  c.flags |= DF;
};
export const cli: Handler = (c) => {
  if (c.cpl > (c.flags & IOPL) >> 12) gp(0);
  c.flags &= ~IF;
};
export const sti: Handler = (c) => {
  if (c.cpl > (c.flags & IOPL) >> 12) gp(0);
  if ((c.flags & IF) === 0) c.holdInterrupts();
  c.flags |= IF;
  c.breakBlock = true;
};

/** Set ZF/SF/PF from AL and CF/AF explicitly (others untouched). */
function bcdFlags(c: Cpu, al: number, cf: boolean, af: boolean): void {
  setLazyResult(c, al & 0xff, 1);
  c.flags = (c.flags & ~(CF | AF)) | (cf ? CF : 0) | (af ? AF : 0);
}

export const daa: Handler = (c) => {
  const old = c.r8[0];
  const oldCf = getCF(c);
  let al = old, cf = false, af = false;
  if ((al & 0xf) > 9 || getAF(c)) {
    cf = oldCf || al + 6 > 0xff;
    al = (al + 6) & 0xff;
    af = true;
  }
  if (old > 0x99 || oldCf) {
    al = (al + 0x60) & 0xff;
    cf = true;
  }
  c.r8[0] = al;
  bcdFlags(c, al, cf, af);
  c.flags &= ~OF;
};

export const das: Handler = (c) => {
  const old = c.r8[0];
  const oldCf = getCF(c);
  let al = old, cf = false, af = false;
  if ((al & 0xf) > 9 || getAF(c)) {
    cf = oldCf || al < 6;
    al = (al - 6) & 0xff;
    af = true;
  }
  if (old > 0x99 || oldCf) {
    al = (al - 0x60) & 0xff;
    cf = true;
  }
  c.r8[0] = al;
  bcdFlags(c, al, cf, af);
  c.flags &= ~OF;
};

export const aaa: Handler = (c) => {
  const adjust = (c.r8[0] & 0xf) > 9 || getAF(c);
  if (adjust) c.r16[0] = c.r16[0] + 0x106;
  c.r8[0] &= 0xf;
  bcdFlags(c, c.r8[0], adjust, adjust);
};

export const aas: Handler = (c) => {
  const adjust = (c.r8[0] & 0xf) > 9 || getAF(c);
  if (adjust) {
    c.r16[0] = c.r16[0] - 6;
    c.r8[1] = c.r8[1] - 1;
  }
  c.r8[0] &= 0xf;
  bcdFlags(c, c.r8[0], adjust, adjust);
};

export const aam: Handler = (c, i) => {
  const base = i.imm & 0xff;
  if (base === 0) fault(DE);
  const al = c.r8[0];
  c.r8[1] = Math.floor(al / base);
  c.r8[0] = al % base;
  setLazyResult(c, c.r8[0], 1);
};

export const aad: Handler = (c, i) => {
  const al = (c.r8[0] + c.r8[1] * (i.imm & 0xff)) & 0xff;
  c.r8[0] = al;
  c.r8[1] = 0;
  setLazyResult(c, al, 1);
};
