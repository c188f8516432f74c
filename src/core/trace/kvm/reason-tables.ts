// Exit-reason data: VMX basic exit reasons (arch/x86/include/uapi/asm/vmx.h, plus the SDM
// names of numbers the kernel does not print) and SVM exit codes (arch/x86/include/uapi/asm/svm.h)
// with the names the kernel prints (`io`, `hlt`, `DE excp`) and the names the libtraceevent kvm
// plugin prints (`EXIT_IOIO`, `EXIT_EXCP_DE`), each mapped to one canonical vocabulary.
// reasons.ts turns these rows into lookup maps; nothing else reads them.
//
// Canonical vocabulary: VMX-flavoured names, shared by both ISAs when the exit means the same
// thing (see CANONICAL). `MSR` is a placeholder for SVM's single MSR exit, split into MSR_READ /
// MSR_WRITE by EXITINFO1 when it is known.

/** One VMX basic exit reason: number, every name it has been printed under, canonical name. */
export interface VmxReasonRow {
  code: number;
  names: readonly string[];
  canonical: string;
}

/** One SVM exit code: the kernel's printed name, the trace-cmd plugin's name, canonical name. */
export interface SvmReasonRow {
  code: number;
  kernel: string;
  plugin: string;
  canonical: string;
}

/** The canonical reasons the rest of ExitScope may rely on (others are passed through). */
export const CANONICAL = {
  IO: 'IO_INSTRUCTION',
  HYPERCALL: 'HYPERCALL',
  HLT: 'HLT',
  EXTERNAL_INTERRUPT: 'EXTERNAL_INTERRUPT',
  INTERRUPT_WINDOW: 'INTERRUPT_WINDOW',
  EXCEPTION_NMI: 'EXCEPTION_NMI',
  CPUID: 'CPUID',
  MSR: 'MSR',
  MSR_READ: 'MSR_READ',
  MSR_WRITE: 'MSR_WRITE',
  CR_ACCESS: 'CR_ACCESS',
  DR_ACCESS: 'DR_ACCESS',
  NESTED_PAGE_FAULT: 'NESTED_PAGE_FAULT',
  EPT_MISCONFIG: 'EPT_MISCONFIG',
  APIC_ACCESS: 'APIC_ACCESS',
  PAUSE: 'PAUSE',
  MONITOR: 'MONITOR',
  MWAIT: 'MWAIT',
  TRIPLE_FAULT: 'TRIPLE_FAULT',
  INIT_SIGNAL: 'INIT_SIGNAL',
  SMI: 'SMI',
  GDTR_IDTR: 'GDTR_IDTR',
  LDTR_TR: 'LDTR_TR',
  INVALID_GUEST_STATE: 'INVALID_GUEST_STATE',
  BUS_LOCK: 'BUS_LOCK',
  /** A kvm_mmio access recorded without its kvm_exit (partial recordings). */
  MMIO: 'MMIO',
} as const;

const C = CANONICAL;

// [code, canonical or null (= first name), ...names]
const VMX_ROWS: ReadonlyArray<readonly [number, string | null, ...string[]]> = [
  [0, null, 'EXCEPTION_NMI'],
  [1, null, 'EXTERNAL_INTERRUPT'],
  [2, null, 'TRIPLE_FAULT'],
  [3, null, 'INIT_SIGNAL'],
  [4, null, 'SIPI_SIGNAL'],
  [5, C.SMI, 'IO_SMI'],
  [6, C.SMI, 'OTHER_SMI'],
  [7, C.INTERRUPT_WINDOW, 'INTERRUPT_WINDOW', 'PENDING_INTERRUPT'],
  [8, null, 'NMI_WINDOW'],
  [9, null, 'TASK_SWITCH'],
  [10, null, 'CPUID'],
  [11, null, 'GETSEC'],
  [12, null, 'HLT'],
  [13, null, 'INVD'],
  [14, null, 'INVLPG'],
  [15, null, 'RDPMC'],
  [16, null, 'RDTSC'],
  [17, null, 'RSM'],
  [18, C.HYPERCALL, 'VMCALL'],
  [19, null, 'VMCLEAR'],
  [20, null, 'VMLAUNCH'],
  [21, null, 'VMPTRLD'],
  [22, null, 'VMPTRST'],
  [23, null, 'VMREAD'],
  [24, null, 'VMRESUME'],
  [25, null, 'VMWRITE'],
  [26, null, 'VMOFF', 'VMXOFF'],
  [27, null, 'VMON', 'VMXON'],
  [28, null, 'CR_ACCESS'],
  [29, null, 'DR_ACCESS'],
  [30, null, 'IO_INSTRUCTION'],
  [31, null, 'MSR_READ'],
  [32, null, 'MSR_WRITE'],
  [33, C.INVALID_GUEST_STATE, 'INVALID_STATE', 'INVALID_GUEST_STATE'],
  [34, null, 'MSR_LOAD_FAIL', 'MSR_LOADING'],
  [36, C.MWAIT, 'MWAIT_INSTRUCTION'],
  [37, null, 'MONITOR_TRAP_FLAG'],
  [39, C.MONITOR, 'MONITOR_INSTRUCTION'],
  [40, C.PAUSE, 'PAUSE_INSTRUCTION'],
  [41, null, 'MCE_DURING_VMENTRY'],
  [43, null, 'TPR_BELOW_THRESHOLD'],
  [44, null, 'APIC_ACCESS'],
  [45, null, 'EOI_INDUCED'],
  [46, null, 'GDTR_IDTR'],
  [47, null, 'LDTR_TR'],
  [48, C.NESTED_PAGE_FAULT, 'EPT_VIOLATION'],
  [49, null, 'EPT_MISCONFIG'],
  [50, null, 'INVEPT'],
  [51, null, 'RDTSCP'],
  [52, null, 'PREEMPTION_TIMER'],
  [53, null, 'INVVPID'],
  [54, null, 'WBINVD'],
  [55, null, 'XSETBV'],
  [56, null, 'APIC_WRITE'],
  [57, null, 'RDRAND'],
  [58, null, 'INVPCID'],
  [59, null, 'VMFUNC'],
  [60, null, 'ENCLS'],
  [61, null, 'RDSEED'],
  [62, null, 'PML_FULL'],
  [63, null, 'XSAVES'],
  [64, null, 'XRSTORS'],
  [67, null, 'UMWAIT'],
  [68, null, 'TPAUSE'],
  [74, null, 'BUS_LOCK'],
  [75, null, 'NOTIFY'],
  [77, null, 'TDCALL'],
  [84, C.MSR_READ, 'MSR_READ_IMM'],
  [85, C.MSR_WRITE, 'MSR_WRITE_IMM'],
];

export const VMX_REASONS: readonly VmxReasonRow[] = VMX_ROWS.map(([code, canonical, ...names]) => ({
  code,
  names,
  canonical: canonical ?? names[0],
}));

/** Bit 31 of the VMX exit reason: the VM entry failed. Printed as the flag FAILED_VMENTRY. */
export const VMX_FAILED_VMENTRY = 0x80000000;

// [code, kernel name, plugin name without EXIT_, canonical or null (= kernel name uppercased)]
const SVM_FIXED: ReadonlyArray<readonly [number, string, string, string | null]> = [
  [0x060, 'interrupt', 'INTR', C.EXTERNAL_INTERRUPT],
  [0x061, 'nmi', 'NMI', C.EXCEPTION_NMI],
  [0x062, 'smi', 'SMI', C.SMI],
  [0x063, 'init', 'INIT', C.INIT_SIGNAL],
  [0x064, 'vintr', 'VINTR', C.INTERRUPT_WINDOW],
  [0x065, 'cr0_sel_write', 'CR0_SEL_WRITE', C.CR_ACCESS],
  [0x066, 'read_idtr', 'IDTR_READ', C.GDTR_IDTR],
  [0x067, 'read_gdtr', 'GDTR_READ', C.GDTR_IDTR],
  [0x068, 'read_ldtr', 'LDTR_READ', C.LDTR_TR],
  [0x069, 'read_rt', 'TR_READ', C.LDTR_TR],
  [0x06a, 'write_idtr', 'IDTR_WRITE', C.GDTR_IDTR],
  [0x06b, 'write_gdtr', 'GDTR_WRITE', C.GDTR_IDTR],
  [0x06c, 'write_ldtr', 'LDTR_WRITE', C.LDTR_TR],
  [0x06d, 'write_rt', 'TR_WRITE', C.LDTR_TR],
  [0x06e, 'rdtsc', 'RDTSC', null],
  [0x06f, 'rdpmc', 'RDPMC', null],
  [0x070, 'pushf', 'PUSHF', null],
  [0x071, 'popf', 'POPF', null],
  [0x072, 'cpuid', 'CPUID', null],
  [0x073, 'rsm', 'RSM', null],
  [0x074, 'iret', 'IRET', null],
  [0x075, 'swint', 'SWINT', null],
  [0x076, 'invd', 'INVD', null],
  [0x077, 'pause', 'PAUSE', null],
  [0x078, 'hlt', 'HLT', null],
  [0x079, 'invlpg', 'INVLPG', null],
  [0x07a, 'invlpga', 'INVLPGA', null],
  [0x07b, 'io', 'IOIO', C.IO],
  [0x07c, 'msr', 'MSR', C.MSR],
  [0x07d, 'task_switch', 'TASK_SWITCH', null],
  [0x07e, 'ferr_freeze', 'FERR_FREEZE', null],
  [0x07f, 'shutdown', 'SHUTDOWN', C.TRIPLE_FAULT],
  [0x080, 'vmrun', 'VMRUN', null],
  [0x081, 'hypercall', 'VMMCALL', C.HYPERCALL],
  [0x082, 'vmload', 'VMLOAD', null],
  [0x083, 'vmsave', 'VMSAVE', null],
  [0x084, 'stgi', 'STGI', null],
  [0x085, 'clgi', 'CLGI', null],
  [0x086, 'skinit', 'SKINIT', null],
  [0x087, 'rdtscp', 'RDTSCP', null],
  [0x088, 'icebp', 'ICEBP', null],
  [0x089, 'wbinvd', 'WBINVD', null],
  [0x08a, 'monitor', 'MONITOR', C.MONITOR],
  [0x08b, 'mwait', 'MWAIT', C.MWAIT],
  [0x08c, 'mwait_cond', 'MWAIT_COND', C.MWAIT],
  [0x08d, 'xsetbv', 'XSETBV', null],
  [0x08e, 'rdpru', 'RDPRU', null],
  [0x08f, 'write_efer_trap', 'EFER_WRITE_TRAP', C.MSR_WRITE],
  [0x0a0, 'invlpgb', 'INVLPGB', null],
  [0x0a2, 'invpcid', 'INVPCID', null],
  [0x0a3, 'mcommit', 'MCOMMIT', null],
  [0x0a4, 'tlbsync', 'TLBSYNC', null],
  [0x0a5, 'buslock', 'BUS_LOCK', C.BUS_LOCK],
  [0x0a6, 'idle-halt', 'IDLE_HLT', C.HLT],
  [0x400, 'npf', 'NPF', C.NESTED_PAGE_FAULT],
  [0x401, 'avic_incomplete_ipi', 'AVIC_INCOMPLETE_IPI', null],
  [0x402, 'avic_unaccelerated_access', 'AVIC_UNACCELERATED_ACCESS', C.APIC_ACCESS],
  [0x403, 'vmgexit', 'VMGEXIT', null],
  [-1, 'invalid_guest_state', 'ERR', C.INVALID_GUEST_STATE],
];

// Exception intercepts 0x40 + vector, printed by the kernel as "<XX> excp".
const SVM_EXCEPTIONS: ReadonlyArray<readonly [string, number]> = [
  ['DE', 0], ['DB', 1], ['BP', 3], ['OF', 4], ['BR', 5], ['UD', 6], ['NM', 7], ['DF', 8],
  ['TS', 10], ['NP', 11], ['SS', 12], ['GP', 13], ['PF', 14], ['MF', 16], ['AC', 17],
  ['MC', 18], ['XF', 19],
];

/** The canonical reason of an SVM exception intercept: `EXCP_GP (#GP, vector 13)`. */
export function svmExceptionReason(name: string, vector: number): string {
  return `EXCP_${name} (#${name}, vector ${vector})`;
}

function svmRows(): SvmReasonRow[] {
  const rows: SvmReasonRow[] = [];
  const add = (code: number, kernel: string, plugin: string, canonical: string): void => {
    rows.push({ code, kernel, plugin: `EXIT_${plugin}`, canonical });
  };
  for (let n = 0; n < 16; n++) {
    add(0x000 + n, `read_cr${n}`, `READ_CR${n}`, C.CR_ACCESS);
    add(0x010 + n, `write_cr${n}`, `WRITE_CR${n}`, C.CR_ACCESS);
    add(0x020 + n, `read_dr${n}`, `READ_DR${n}`, C.DR_ACCESS);
    add(0x030 + n, `write_dr${n}`, `WRITE_DR${n}`, C.DR_ACCESS);
    add(0x090 + n, `write_cr${n}_trap`, `CR${n}_WRITE_TRAP`, C.CR_ACCESS);
  }
  // SVM intercepts each exception separately: keep its name and vector instead of folding it
  // into VMX's EXCEPTION_NMI, which would lose which exception it was.
  for (const [name, vector] of SVM_EXCEPTIONS) add(0x040 + vector, `${name} excp`, `EXCP_${name}`, svmExceptionReason(name, vector));
  for (const [code, kernel, plugin, canonical] of SVM_FIXED) add(code, kernel, plugin, canonical ?? kernel.toUpperCase());
  return rows;
}

export const SVM_REASONS: readonly SvmReasonRow[] = svmRows();
