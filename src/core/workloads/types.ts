// The shapes of the workload catalogue: what a workload declares about its parameters (where
// each lives in the image's parameter block, its default and range) and its results (raw
// fields of the result block and values derived from them). Pure data plus small functions.
import type { DeviceKey } from '../machine/platform-config';

interface ParamBase {
  /** camelCase name used by the CLI, the service and the UI. */
  name: string;
  description: string;
  /** Byte offset in the parameter block. */
  offset: number;
}

/** A u32 integer in [min, max]. */
export interface IntParam extends ParamBase {
  kind: 'int';
  default: number;
  min: number;
  max: number;
  unit?: string;
  /** When set, only these values are accepted (e.g. access widths 1, 2, 4). */
  allowed?: readonly number[];
}

/** One of several named values, stored as its index (u32). */
export interface ChoiceParam extends ParamBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

/** A byte string of at most `capacity` bytes (latin1), its length stored as a u32 at lengthOffset. */
export interface TextParam extends ParamBase {
  kind: 'text';
  default: string;
  capacity: number;
  lengthOffset: number;
}

export type ParamSpec = IntParam | ChoiceParam | TextParam;
export type ParamValue = number | string;
export type ParamValues = Record<string, ParamValue>;

/** A raw field of the result block. */
export interface ResultField {
  name: string;
  description: string;
  offset: number;
  kind: 'u32' | 'u64' | 'mac';
  unit?: string;
}

export type RawFieldValue = number | string;

/** What a derived result may look at. */
export interface DeriveContext {
  fields: Readonly<Record<string, RawFieldValue>>;
  /** Guest TSC cycles between the workload's two RDTSCs (tsc_end - tsc_start). */
  cycles: number;
  tscStart: number;
  tscEnd: number;
  params: Readonly<ParamValues>;
  /** Guest cycles per guest second (the platform's cpuHz). */
  cpuHz: number;
}

/** A value computed from the result block; `formula` says how, in words, for the UI and docs. */
export interface DerivedResult {
  name: string;
  unit: string;
  formula: string;
  /** null when it cannot be computed (e.g. nothing was measured). */
  compute(ctx: DeriveContext): number | null;
}

export type Build = 'native' | 'pv';
export const BUILDS: readonly Build[] = ['native', 'pv'];

export interface WorkloadSpec {
  id: string;
  title: string;
  description: string;
  /** Platform devices the workload talks to (the PIC pair is always present). */
  devices: readonly DeviceKey[];
  /** Takes device interrupts through the 8259 pair. */
  interrupts: boolean;
  /** The user workload loads a payload at USER_BASE. */
  userPayload: boolean;
  /** Every parameter, the common ones first. */
  params: readonly ParamSpec[];
  paramsSize: number;
  /** Workload-specific raw result fields (the common ones are decoded for every workload). */
  results: readonly ResultField[];
  resultsSize: number;
  derived: readonly DerivedResult[];
  /** Cross-parameter check: an error message naming the parameters, or null. */
  check?(values: Readonly<ParamValues>): string | null;
  /** File names of the two builds in src/core/workloads/bin. */
  binaries: Readonly<Record<Build, string>>;
}
