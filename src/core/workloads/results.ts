// Decoding a result block (read from guest memory after the run) into the common fields, the
// workload's own fields and its derived values. Layout: docs/guest-abi.md "Result block".
import { ERROR_NAMES, R, STAGE_NAMES, STATUS_NAMES, type RunStatus } from './abi';
import type { ParamValues, RawFieldValue, WorkloadSpec } from './types';

export interface GuestException {
  vector: number;
  errorCode: number;
  eip: number;
  cs: number;
  eflags: number;
  cr2: number;
}

export interface DecodedResults {
  status: RunStatus;
  /** The driver's error code and its name ('ok', 'bad parameter', 'device timeout', 'device error'). */
  error: number;
  errorName: string;
  /** Where driver_fail was called from (0 if it was not). */
  failedAt: number;
  stage: string;
  exception: GuestException | null;
  tscStart: number;
  tscEnd: number;
  /** tsc_end - tsc_start, 0 when the window was not closed. */
  cycles: number;
  /** Common counters (done, irqs) and the workload's own raw fields, by name. */
  fields: Record<string, RawFieldValue>;
  /** Derived values by name (null when not computable). */
  derived: Record<string, number | null>;
}

export class ResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsError';
  }
}

function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
}

function mac(v: DataView, at: number): string {
  return Array.from({ length: 6 }, (_, i) => v.getUint8(at + i).toString(16).padStart(2, '0')).join(':');
}

/**
 * Decodes `bytes` (the result block: resultsSize bytes at the header's resultsOffset in guest
 * memory). `params` are the values the run used; `cpuHz` turns cycles into guest time.
 */
export function decodeResults(w: WorkloadSpec, bytes: Uint8Array, ctx: { params: ParamValues; cpuHz: number }): DecodedResults {
  if (bytes.length < w.resultsSize) throw new ResultsError(`${w.id}: result block is ${bytes.length} bytes, need ${w.resultsSize}`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => v.getUint32(at, true);
  const statusCode = u32(R.status);
  const status = STATUS_NAMES[statusCode];
  if (status === undefined) throw new ResultsError(`${w.id}: status word ${statusCode} is not a known status`);
  const error = u32(R.error);
  const tscStart = u64(v, R.tscStart);
  const tscEnd = u64(v, R.tscEnd);
  const cycles = tscEnd > tscStart ? tscEnd - tscStart : 0;
  const fields: Record<string, RawFieldValue> = { done: u32(R.done), irqs: u32(R.irqs) };
  for (const f of w.results) fields[f.name] = f.kind === 'u32' ? u32(f.offset) : f.kind === 'u64' ? u64(v, f.offset) : mac(v, f.offset);
  const derived: Record<string, number | null> = {};
  for (const d of w.derived) derived[d.name] = status === 'done' && error === 0 ? d.compute({ fields, cycles, tscStart, tscEnd, params: ctx.params, cpuHz: ctx.cpuHz }) : null;
  return {
    status,
    error,
    errorName: ERROR_NAMES[error] ?? `error ${error}`,
    failedAt: u32(R.failAt),
    stage: STAGE_NAMES[u32(R.stage)] ?? `stage ${u32(R.stage)}`,
    exception: status === 'exception'
      ? { vector: u32(R.excVector), errorCode: u32(R.excError), eip: u32(R.excEip), cs: u32(R.excCs), eflags: u32(R.excEflags), cr2: u32(R.excCr2) }
      : null,
    tscStart,
    tscEnd,
    cycles,
    fields,
    derived,
  };
}
