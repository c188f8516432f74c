// Public surface of the hypervisor model: the exit mechanisms (run a workload under one and
// record its exits), the hypervisor's own I/O decoder and the 24 port-I/O forms.
export { runMechanism } from './run-mechanism';
export type { MechanismRunRequest, MechanismRunReport, MechanismProgress } from './run-mechanism';
export { MECHANISM_EXIT_PATH, MECHANISM_MODELS } from './mechanisms/catalogue';
export { ExitRecorder, hex } from './mechanisms/recorder';
export type { ExitInput, ExitOp, ExitTotals, FormCount, OperationCount, PortCount } from './mechanisms/recorder';
export type { MechanismContext, MechanismModel, MechanismHooks } from './mechanisms/context';
export { profileDecodesNonStringIn } from './mechanisms/decode-policy';
export { USERSPACE_CHUNK_BYTES } from './mechanisms/hardware-exit';
export { IoDecoder, detach, bytesOf, prefixList } from './io-decoder';
export type { DecodedIo, IoDecodeFault, IoDecodeResult, IoDecodeFaultReason } from './io-decoder';
export { CodeTranslationCache } from './fetch-cache';
export { IO_FORMS, formIdOf } from '../cpu/io-form-table';
export type { IoForm } from '../cpu/io-form-table';
export type { DecodeSteps } from './decode-steps';
