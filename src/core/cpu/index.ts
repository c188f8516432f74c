// Public surface of the i386 CPU for the machine, the hypervisor model and the CLI.
// Construct: `new Cpu({ memory, io, hooks?, cycles? })` (cpu.ts); run: `cpu.run(budget)`.
export { Cpu, type CpuOptions, type TlbStats } from './cpu';
export { FlatRam, SparseRam, PAGE_SIZE, type PhysicalMemory } from './memory';
export { IoAction, type CpuHooks, type IoExitInfo, type IoSize, type StopReason } from './hooks';
export { CpuFault, VECTOR_NAMES } from './fault';
export { IO_FORM_MNEMONICS, ioFormId } from './io-forms';
export { probe, softwareWalk, ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC, type WalkResult, type SoftwareWalk } from './mmu';
export { decodeInsn, type ByteSource } from './decoder';
export { disassemble, type Disassembly } from './disasm';
export { I386_CYCLES, type CycleTable, type CostClass } from './cycles';
export { gapReport, opcodeGaps, FEATURE_GAPS } from './gaps';
export type { Insn } from './insn';
export { vmxIoQualification, svmIoExitInfo1 } from './io-exit';
export { emulateIoInstruction } from './emulate';
export { saveCpuState, loadCpuState, type CpuState, type SegmentState } from './state';
export { fetchInstruction, decodeAt, type FetchedInstruction } from './inspect';
export { raiseException } from './interrupts';
