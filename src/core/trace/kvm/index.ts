// Public surface of the KVM trace text importer (pure: no file I/O, no SQLite). The reader
// feeds lines to KvmTextImporter and gives it an ExitSink; the rest is exported for the
// hypervisor model, the store and tests.

export { KvmTextImporter } from './kvm-text-importer';
export type { KvmImportOptions, KvmImportStats } from './kvm-text-importer';
export { decodeSvmIoInfo1, decodeVmxIoQualification } from './io-decode';
export type { IoDecode } from './io-decode';
export { decodeIoInsnBytes } from './insn-bytes';
export type { CpuMode, IoInsn } from './insn-bytes';
export { ReasonResolver, resolveReason } from './reasons';
export type { ReasonInfo } from './reasons';
export { CANONICAL, SVM_REASONS, VMX_FAILED_VMENTRY, VMX_REASONS } from './reason-tables';
export { measureKvmParse } from './micro-bench';
export type { KvmParseMeasurement } from './micro-bench';
