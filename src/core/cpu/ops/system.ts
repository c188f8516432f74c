// System and miscellaneous instructions: HLT, NOP/PAUSE, UD2, CPUID, RDTSC, RDMSR/WRMSR (EFER,
// TSC), VMCALL, MOV to/from CR0/CR2/CR3/CR4, CLTS, INVD/WBINVD, the 0F 01 group (SGDT SIDT
// LGDT LIDT SMSW LMSW INVLPG) and the 0F 00 group (SLDT STR LLDT LTR). Privileged ones raise
// #GP(0) above CPL 0. Writes that change translation (CR0.PG/WP/PE, CR3, CR4 paging bits)
// flush the TLB; mode changes end the current block.
import type { Cpu } from '../cpu';
import type { Handler } from '../insn';
import { gp, ud, fault, NM } from '../fault';
import {
  EAX, ECX, EDX, EBX, CR0_PE, CR0_PG, CR0_WP, CR0_TS, CR0_ET, CR0_EM, CR0_MP, CR4_PSE, CR4_PAE, CR4_PGE, CR4_TSD,
  MSR_EFER, MSR_TSC, EFER_NXE,
} from '../regs';
import { loadLdt, loadTr } from '../segments';
import { ea } from './operands';

function requireCpl0(c: Cpu): void {
  if (c.cpl !== 0) gp(0);
}

export const hlt: Handler = (c) => {
  requireCpl0(c);
  c.halted = true;
  c.breakBlock = true;
};

export const nop: Handler = () => {};

export const undefinedOpcode: Handler = () => ud();

/**
 * D8-DF (x87 escape): there is no FPU. With CR0.EM or CR0.TS set the instruction raises #NM, as
 * hardware does (so a kernel can emulate or lazily switch the FPU); otherwise #UD.
 */
export const fpuEscape: Handler = (c) => {
  if ((c.cr0 & (CR0_EM | CR0_TS)) !== 0) fault(NM);
  ud();
};

/** 9B WAIT/FWAIT: #NM when CR0.TS and CR0.MP are both set, else a no-op (no FPU errors pend). */
export const fwait: Handler = (c) => {
  if ((c.cr0 & (CR0_TS | CR0_MP)) === (CR0_TS | CR0_MP)) fault(NM);
};

/** CPUID: a 486-class vendor string and the features this CPU implements. */
export const cpuid: Handler = (c) => {
  const leaf = c.r32[EAX] >>> 0;
  let a = 0, b = 0, cx = 0, d = 0;
  if (leaf === 0) {
    a = 1;
    [b, d, cx] = vendorWords('GenuineIntel');
  } else if (leaf === 1) {
    a = 0x0000_0480; // family 4 (486), model 8
    // FPU absent; PSE(3) TSC(4) MSR(5) PAE(6) CX8(8) CMOV(15)
    d = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 15);
  } else if (leaf === 0x80000000) {
    a = 0x80000001;
  } else if (leaf === 0x80000001) {
    d = 1 << 20; // NX
  }
  c.r32[EAX] = a;
  c.r32[EBX] = b;
  c.r32[ECX] = cx;
  c.r32[EDX] = d;
};

function vendorWords(s: string): number[] {
  const out: number[] = [];
  for (let k = 0; k < 12; k += 4) {
    out.push(s.charCodeAt(k) | (s.charCodeAt(k + 1) << 8) | (s.charCodeAt(k + 2) << 16) | (s.charCodeAt(k + 3) << 24));
  }
  return out;
}

export const rdtsc: Handler = (c) => {
  if ((c.cr4 & CR4_TSD) !== 0 && c.cpl !== 0) gp(0);
  const t = c.readTsc();
  c.r32[EAX] = t % 4294967296;
  c.r32[EDX] = Math.floor(t / 4294967296);
};

export const rdmsr: Handler = (c) => {
  requireCpl0(c);
  const msr = c.r32[ECX] >>> 0;
  if (msr === MSR_EFER) {
    c.r32[EAX] = c.efer;
    c.r32[EDX] = 0;
  } else if (msr === MSR_TSC) {
    const t = c.readTsc();
    c.r32[EAX] = t % 4294967296;
    c.r32[EDX] = Math.floor(t / 4294967296);
  } else gp(0);
};

export const wrmsr: Handler = (c) => {
  requireCpl0(c);
  const msr = c.r32[ECX] >>> 0;
  const lo = c.r32[EAX], hi = c.r32[EDX];
  if (msr === MSR_EFER) {
    if (hi !== 0 || (lo & ~EFER_NXE) !== 0) gp(0);
    c.efer = lo;
    c.flushTlb();
  } else if (msr === MSR_TSC) {
    c.tsc0 = (hi >>> 0) * 4294967296 + (lo >>> 0) - c.cycles;
  } else gp(0);
};

/** 0F 01 C1: VMCALL, handed to the hypervisor hook with EIP past the instruction. */
export const vmcall: Handler = (c) => {
  const hook = c.hooks.vmcall;
  if (hook === undefined) ud();
  else {
    hook(c);
    c.breakBlock = true;
  }
};

const CR0_WRITABLE = 0xe005003f;
const CR4_WRITABLE = 0x000006bf;

/** Write CR0 with the checks and TLB/mode side effects. */
export function writeCr0(c: Cpu, v: number): void {
  if ((v & ~CR0_WRITABLE) !== 0) gp(0);
  if ((v & CR0_PG) !== 0 && (v & CR0_PE) === 0) gp(0);
  if ((v & CR0_PE) === 0) ud(); // real mode is not implemented (see gaps.ts)
  v |= CR0_ET;
  if (((v ^ c.cr0) & (CR0_PG | CR0_WP | CR0_PE)) !== 0) c.flushTlb();
  c.cr0 = v;
  c.breakBlock = true;
}

/** 0F 20: MOV r32, CRn (CR number in i.reg, register in i.rm). */
export const movFromCr: Handler = (c, i) => {
  requireCpl0(c);
  let v: number;
  switch (i.reg) {
    case 0: v = c.cr0; break;
    case 2: v = c.cr2; break;
    case 3: v = c.cr3; break;
    case 4: v = c.cr4; break;
    default: return ud();
  }
  c.r32[i.rm] = v;
};

/** 0F 22: MOV CRn, r32 */
export const movToCr: Handler = (c, i) => {
  requireCpl0(c);
  const v = c.r32[i.rm];
  switch (i.reg) {
    case 0:
      writeCr0(c, v);
      break;
    case 2:
      c.cr2 = v;
      break;
    case 3:
      c.cr3 = v;
      c.flushNonGlobal();
      break;
    case 4:
      if ((v & ~CR4_WRITABLE) !== 0) gp(0);
      if (((v ^ c.cr4) & (CR4_PSE | CR4_PAE | CR4_PGE)) !== 0) c.flushTlb();
      c.cr4 = v;
      break;
    default:
      ud();
  }
  c.breakBlock = true;
};

export const clts: Handler = (c) => {
  requireCpl0(c);
  c.cr0 &= ~CR0_TS;
};

export const invd: Handler = (c) => {
  requireCpl0(c);
};

/** 0F 01 group: i.op = reg field. (VMCALL is decoded separately.) */
export const group0f01: Handler = (c, i) => {
  switch (i.op) {
    case 0: // SGDT
    case 1: { // SIDT
      if (i.mod3) ud();
      const off = ea(c, i);
      c.probeWrite(i.seg, off, 6);
      c.write16(i.seg, off, i.op === 0 ? c.gdtLimit : c.idtLimit);
      c.write32(i.seg, off + 2, i.op === 0 ? c.gdtBase : c.idtBase);
      return;
    }
    case 2: // LGDT
    case 3: { // LIDT
      if (i.mod3) ud();
      requireCpl0(c);
      const off = ea(c, i);
      const limit = c.read16(i.seg, off);
      let base = c.read32(i.seg, off + 2);
      if (i.size === 2) base &= 0xffffff;
      if (i.op === 2) {
        c.gdtLimit = limit;
        c.gdtBase = base;
      } else {
        c.idtLimit = limit;
        c.idtBase = base;
      }
      return;
    }
    case 4: // SMSW
      if (i.mod3) c.setReg(i.size, i.rm, c.cr0);
      else c.write16(i.seg, ea(c, i), c.cr0);
      return;
    case 6: { // LMSW: PE (cannot be cleared), MP, EM, TS
      requireCpl0(c);
      const v = i.mod3 ? c.r16[i.rm << 1] : c.read16(i.seg, ea(c, i));
      writeCr0(c, (c.cr0 & ~0xe) | (v & 0xf) | (c.cr0 & CR0_PE));
      return;
    }
    case 7: // INVLPG
      if (i.mod3) ud();
      requireCpl0(c);
      c.invalidatePage((ea(c, i) + c.segBase[i.seg]) | 0);
      return;
    default:
      ud();
  }
};

/** 0F 00 group: SLDT, STR, LLDT, LTR (VERR/VERW are not implemented). */
export const group0f00: Handler = (c, i) => {
  switch (i.op) {
    case 0:
    case 1: {
      const v = i.op === 0 ? c.ldtSel : c.trSel;
      if (i.mod3) c.setReg(i.size, i.rm, v);
      else c.write16(i.seg, ea(c, i), v);
      return;
    }
    case 2:
    case 3: {
      requireCpl0(c);
      const sel = i.mod3 ? c.r16[i.rm << 1] : c.read16(i.seg, ea(c, i));
      if (i.op === 2) loadLdt(c, sel);
      else loadTr(c, sel);
      return;
    }
    default:
      ud();
  }
};
