// Public surface of the guest workloads: the catalogue, image header, parameters, results.
export * from './abi';
export { readHeader, ImageError, type ImageHeader } from './image';
export { WORKLOADS, getWorkload, UnknownWorkloadError } from './catalogue';
export { defaultParams, resolveParams, patchParams, readParams, ParamError } from './params';
export { decodeResults, ResultsError, type DecodedResults, type GuestException } from './results';
export { loadWorkloadImage, workloadBinaryPath, DEFAULT_BIN_DIR } from './binaries';
export { prepareWorkload, decodePreparedResults, type PreparedWorkload, type PrepareOptions } from './prepare';
export { decodePciFunctions, type PciFunctionRecord } from './specs/platform';
export type * from './types';
export { BUILDS } from './types';
