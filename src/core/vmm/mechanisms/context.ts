// What every mechanism model shares: the build and guest settings it implies, and the CPU hooks
// it attaches to the machine. run-mechanism.ts builds one MechanismContext per run (recorder,
// decoder, the machine once it exists) and hands it to the mechanism's `hooks`. The hooks may
// only touch `ctx.machine` once the run has started (the machine is built with the hooks).
import type { StringIoMode, StringPioModel } from '../../cost/index';
import type { CpuHooks } from '../../cpu/index';
import type { Machine } from '../../machine/machine';
import type { Build, WorkloadSpec } from '../../workloads/index';
import type { IoDecoder } from '../io-decoder';
import type { ExitRecorder } from './recorder';

export interface MechanismContext {
  recorder: ExitRecorder;
  /** The hypervisor's own I/O decoder (with its code-translation cache). */
  decoder: IoDecoder;
  /** vmx/svm: decode non-string IN too (KVM before kvm_fast_pio_in). */
  decodeNonStringIn: boolean;
  /** vmx/svm string forms: decode, or read the instruction-information field (the profile's
   * stringIo.mode; absent: decode). */
  stringIo?: StringIoMode;
  /** vmx/svm string forms: how the hypervisor of the profile's era moves them (absent:
   * kvm-emulator, DEFAULT_ERA). */
  stringPio?: StringPioModel;
  machine: Machine | null;
  /** Exceptions the VMM reflected into the guest instead of emulating, by reason. */
  reflected: Map<string, number>;
}

export type MechanismHooks = Omit<CpuHooks, 'interruptAck'>;

export interface MechanismModel {
  /** The workload build the mechanism runs. */
  readonly build: Build;
  /** Guest parameters the mechanism requires (they override nothing the caller set differently:
   * run-mechanism rejects a conflict). */
  requiredParams(spec: WorkloadSpec): Record<string, number | string>;
  hooks(ctx: MechanismContext): MechanismHooks;
}

/** The machine of a running context (hooks only run once it exists). */
export function machineOf(ctx: MechanismContext): Machine {
  if (!ctx.machine) throw new Error('hypervisor hook called before the machine was attached');
  return ctx.machine;
}
