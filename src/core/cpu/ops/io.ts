// Port I/O: IN/OUT (imm8 or DX port) and INS/OUTS with REP, i.e. all 24 forms. Order of events:
// (1) #UD for LOCK (decoder), (2) the privilege check: CPL <= IOPL, else every byte of the access
// must be allowed by the TSS I/O permission bitmap, else #GP(0) — deferred, not thrown (fault.ts
// deferFault): under the trap mechanism every port access takes it; (3) the hypervisor's io hook,
// which may emulate the instruction; (4) the access through the machine's PortIo. String forms
// probe the memory side before touching the port, so a fault performs no port access.
import type { Cpu } from '../cpu';
import type { Handler, Insn } from '../insn';
import { REP_NONE } from '../insn';
import { IoAction, type IoExitInfo, type IoSize } from '../hooks';
import { ioFormId } from '../io-forms';
import { deferFault, GP } from '../fault';
import { EAX, EDX, ESI, EDI, ES, IOPL } from '../regs';
import { stringIndex, stringAdvance, stringCount, stringDecCount, stringStep } from './string';

/**
 * Whether the current privilege may access ports [port, port + size): CPL <= IOPL, or every
 * bit in the TSS I/O permission bitmap clear. False means #GP(0). Reading the bitmap may itself
 * fault (#PF on the TSS), which is thrown.
 */
export function ioPermitted(c: Cpu, port: number, size: number): boolean {
  if (c.cpl <= (c.flags & IOPL) >> 12) return true;
  c.cycles += c.cycleTable.ioBitmapCheck;
  const type = (c.trAttr & 0x1f) & ~2;
  if (c.trSel === 0 || type !== 0x09 || (c.trLimit >>> 0) < 103) return false;
  const mapBase = c.readSys16((c.trBase + 102) | 0);
  const byte = mapBase + (port >>> 3);
  if (byte + 1 > c.trLimit >>> 0) return false;
  const bits = c.readSys16((c.trBase + byte) | 0);
  return ((bits >>> (port & 7)) & ((1 << size) - 1)) === 0;
}

const info: IoExitInfo = {
  port: 0, size: 1, input: false, string: false, rep: false, immediate: false,
  addressSize: 4, segment: 0, eip: 0, length: 0, form: 0,
};

/**
 * Privilege check then hook; returns true when the CPU should perform the access itself. False
 * after a denied check too, with #GP(0) deferred (c.deferredVector set): the handler then
 * returns without touching anything.
 */
function enter(c: Cpu, i: Insn, port: number, input: boolean, string: boolean, immediate: boolean): boolean {
  if (c.ioBypass) return true;
  if (!ioPermitted(c, port, i.size)) {
    deferFault(c, GP, 0);
    return false;
  }
  const hook = c.hooks.io;
  if (hook === undefined) return true;
  info.port = port;
  info.size = i.size as IoSize;
  info.input = input;
  info.string = string;
  info.rep = string && i.rep !== REP_NONE;
  info.immediate = immediate;
  info.addressSize = i.asize as 2 | 4;
  info.segment = input ? ES : i.seg;
  info.eip = i.eip;
  info.length = i.len;
  info.form = ioFormId(input, string, info.rep, immediate, info.size);
  const action = hook(c, info);
  if (action === IoAction.Execute) return true;
  if (action === IoAction.Retry) c.eip = i.eip;
  c.breakBlock = true;
  return false;
}

function unsigned(v: number, size: number): number {
  return size === 4 ? v >>> 0 : size === 2 ? v & 0xffff : v & 0xff;
}

/** E4/E5 (imm8 port in i.imm) and EC/ED (DX): IN */
export const inPort: Handler = (c, i) => {
  const immediate = i.op === 0;
  const port = immediate ? i.imm : c.r16[EDX << 1];
  if (enter(c, i, port, true, false, immediate)) c.setReg(i.size, EAX, c.io.read(port, i.size as IoSize));
  else if (c.deferredVector >= 0) return;
  c.cycles += c.cycleTable.ioExtra;
};

/** E6/E7 and EE/EF: OUT */
export const outPort: Handler = (c, i) => {
  const immediate = i.op === 0;
  const port = immediate ? i.imm : c.r16[EDX << 1];
  if (enter(c, i, port, false, false, immediate)) c.io.write(port, i.size as IoSize, unsigned(c.getReg(i.size, EAX), i.size));
  else if (c.deferredVector >= 0) return;
  c.cycles += c.cycleTable.ioExtra;
};

/** 6C/6D: INS (REP honoured) */
export const ins: Handler = (c, i) => {
  const port = c.r16[EDX << 1];
  if (i.rep !== REP_NONE && stringCount(c, i) === 0) return;
  if (!enter(c, i, port, true, true, false)) return;
  const s = i.size as IoSize;
  const d = stringStep(c, s);
  for (;;) {
    const di = stringIndex(c, i, EDI);
    c.probeWrite(ES, di, s);
    c.write(s, ES, di, c.io.read(port, s));
    stringAdvance(c, i, EDI, d);
    c.cycles += c.cycleTable.stringIoElement;
    if (i.rep === REP_NONE || stringDecCount(c, i) === 0) return;
    if (c.breakBlock && !c.ioBypass) {
      c.eip = i.eip; // an exit or stop request: resume the REP later
      return;
    }
  }
};

/** 6E/6F: OUTS (REP honoured; source segment may be overridden) */
export const outs: Handler = (c, i) => {
  const port = c.r16[EDX << 1];
  if (i.rep !== REP_NONE && stringCount(c, i) === 0) return;
  if (!enter(c, i, port, false, true, false)) return;
  const s = i.size as IoSize;
  const d = stringStep(c, s);
  for (;;) {
    const v = c.read(s, i.seg, stringIndex(c, i, ESI));
    c.io.write(port, s, unsigned(v, s));
    stringAdvance(c, i, ESI, d);
    c.cycles += c.cycleTable.stringIoElement;
    if (i.rep === REP_NONE || stringDecCount(c, i) === 0) return;
    if (c.breakBlock && !c.ioBypass) {
      c.eip = i.eip;
      return;
    }
  }
};
