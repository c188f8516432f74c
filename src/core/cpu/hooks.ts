// The hypervisor's seams into the CPU. A machine passes one CpuHooks object at construction:
//   exception  — sees every exception (and software INT n) before the guest IDT does, with EIP
//                still at the first byte of the faulting instruction; returning true means the
//                hypervisor handled it (for instance emulated the trapped IN and advanced EIP);
//   io         — sees every I/O instruction after its #UD/privilege checks and before it runs,
//                with what a VT-x exit qualification would carry;
//   vmcall     — takes VMCALL (0F 01 C1); without it VMCALL raises #UD;
//   interruptAck — returns the vector of the pending external interrupt (the PIC's INTA).
import type { Cpu } from './cpu';

export type IoSize = 1 | 2 | 4;

/** One I/O instruction as a hypervisor sees it at the exit (VT-x exit qualification fields). */
export interface IoExitInfo {
  port: number;
  size: IoSize;
  /** IN / INS */
  input: boolean;
  /** INS / OUTS */
  string: boolean;
  rep: boolean;
  /** Port came from an imm8 (E4-E7), else from DX. */
  immediate: boolean;
  addressSize: 2 | 4;
  /** Source segment of OUTS (after overrides), Sreg number; ES for INS. */
  segment: number;
  /** EIP of the first byte (prefixes included) and the instruction length. */
  eip: number;
  length: number;
  /** Form id 0-23 (see io-forms.ts). */
  form: number;
}

/** What the CPU does after the io hook returns. */
export const IoAction = {
  /** Perform the access natively through the machine's PortIo. */
  Execute: 0,
  /** The hypervisor emulated the whole instruction: the CPU only advances EIP. */
  Done: 1,
  /** The hypervisor made partial progress (REP split): resume at the same instruction. */
  Retry: 2,
} as const;
export type IoAction = (typeof IoAction)[keyof typeof IoAction];

export interface CpuHooks {
  /** Return true when the hypervisor handled the exception (the guest IDT is not used). */
  exception?(cpu: Cpu, vector: number, errorCode: number, hasErrorCode: boolean): boolean;
  /** `info` is one object reused for every exit: copy what must outlive the call. */
  io?(cpu: Cpu, info: IoExitInfo): IoAction;
  /** Called with EIP already past the VMCALL. */
  vmcall?(cpu: Cpu): void;
  interruptAck?(cpu: Cpu): number;
}

export type StopReason = 'budget' | 'deadline' | 'hlt' | 'triple-fault' | 'stop';
