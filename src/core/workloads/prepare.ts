// One call for the machine: the image of a workload build with its parameters patched in,
// where to load it (and the user payload), where to start, and where to read the results
// afterwards. Errors name the workload and the parameter (ParamError).
import { USER_SIZE } from './abi';
import { loadWorkloadImage } from './binaries';
import { getWorkload } from './catalogue';
import { readHeader, type ImageHeader } from './image';
import { ParamError, patchParams, resolveParams } from './params';
import { decodeResults, type DecodedResults } from './results';
import type { Build, ParamValues, WorkloadSpec } from './types';

export interface PreparedWorkload {
  spec: WorkloadSpec;
  build: Build;
  header: ImageHeader;
  /** The image bytes to copy to `header.loadAddress`. */
  image: Uint8Array;
  params: ParamValues;
  /** Physical address of the first instruction. */
  entry: number;
  /** The user payload and where it goes (user workload only). */
  user: { address: number; bytes: Uint8Array } | null;
  /** Physical range of the result block to read after the run. */
  results: { address: number; size: number };
  /** Guest RAM the run needs, bytes. */
  minRam: number;
}

export interface PrepareOptions {
  params?: Readonly<Record<string, unknown>>;
  /** The user workload's payload (a flat binary for USER_BASE). */
  user?: Uint8Array;
  /** Where the built images are (default: src/core/workloads/bin). */
  binDir?: string;
}

export function prepareWorkload(id: string, build: Build, opts: PrepareOptions = {}): PreparedWorkload {
  const spec = getWorkload(id);
  const params = resolveParams(spec, opts.params);
  const image = patchParams(spec, opts.binDir === undefined ? loadWorkloadImage(id, build) : loadWorkloadImage(id, build, opts.binDir), params);
  const header = readHeader(image);
  let user: PreparedWorkload['user'] = null;
  if (spec.userPayload) {
    const bytes = opts.user;
    if (bytes === undefined || bytes.length === 0) throw new ParamError(id, null, 'needs a user payload (a flat binary loaded at 0x400000)');
    if (bytes.length > USER_SIZE) throw new ParamError(id, null, `user payload is ${bytes.length} bytes, at most ${USER_SIZE}`);
    const entry = params.userEntry as number;
    if (entry >= bytes.length) throw new ParamError(id, 'userEntry', `must be inside the ${bytes.length}-byte payload (got ${entry})`);
    user = { address: header.userBase, bytes };
  } else if (opts.user !== undefined) {
    throw new ParamError(id, null, 'takes no user payload');
  }
  return {
    spec,
    build,
    header,
    image,
    params,
    entry: header.loadAddress + header.entry,
    user,
    results: { address: header.loadAddress + header.resultsOffset, size: header.resultsSize },
    minRam: header.minRam,
  };
}

/** Decodes the result block read from `prepared.results` after the run. */
export function decodePreparedResults(prepared: PreparedWorkload, bytes: Uint8Array, cpuHz: number): DecodedResults {
  return decodeResults(prepared.spec, bytes, { params: prepared.params, cpuHz });
}
