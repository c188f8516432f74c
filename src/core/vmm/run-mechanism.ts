// Runs one catalogue workload under a hypervisor mechanism (trap, vmx, svm, hypercall, batched, ring)
// on the machine, recording every exit as an ExitRecord with its decode and priced cost
// components into the caller's sink, and reports the totals. How the parts fit:
//   - the mechanism model (mechanisms/catalogue.ts) says which build to run and which guest
//     settings it needs (trap: CPL 3, IOPL 0, bitmap deny; batched: batch = 1; ring: ring = 1), and supplies the
//     CPU hooks;
//   - one ExitRecorder (mechanisms/recorder.ts) prices, labels, records and counts the exits; it
//     sees every port access through the machine's onPortAccess (the first element's value);
//   - exit costs are added to cpu.cycles, so the guest's own RDTSC figures (the workload results)
//     include them, and the machine brings the platform clock up to cpu.cycles before each port
//     access, so devices see time including exit costs.
// Errors: unknown workload → NotFound; bad parameters, a conflicting guest setting, or a
// profile without the mechanism's exit path → ValidationError.
import { ExitScopeError } from '../errors';
import { eraOf, supportedPaths } from '../cost/index';
import type { ComponentName, Mechanism, Profile } from '../cost/index';
import { Machine } from '../machine/machine';
import type { MachineProgress, StopReason } from '../machine/machine';
import { DEFAULT_CPU_HZ, pcPlatformConfig } from '../machine/platform-config';
import type { DeviceKey } from '../machine/platform-config';
import type { DeviceLocation } from '../machine/device';
import { DEFAULT_MAX_INSTRUCTIONS } from '../machine/run-workload';
import type { ExitSink } from '../trace/exit-record';
import { getWorkload, UnknownWorkloadError } from '../workloads/index';
import type { Build, DecodedResults, ParamValues, WorkloadSpec } from '../workloads/index';
import { decodePreparedResults, prepareWorkload } from '../workloads/prepare';
import type { PreparedWorkload } from '../workloads/prepare';
import { CodeTranslationCache } from './fetch-cache';
import { IoDecoder } from './io-decoder';
import { MECHANISM_EXIT_PATH, MECHANISM_MODELS, paramConflict } from './mechanisms/catalogue';
import type { MechanismContext } from './mechanisms/context';
import { profileDecodesNonStringIn } from './mechanisms/decode-policy';
import { guestKindOf, guestKindParams } from './guest-kind';
import type { GuestKind } from './guest-kind';
import { ExitRecorder } from './mechanisms/recorder';
import type { FormCount, OperationCount, PortCount } from './mechanisms/recorder';

export interface MechanismRunRequest {
  workload: string;
  mechanism: Mechanism;
  profile: Profile;
  params?: Record<string, number | string>;
  user?: Uint8Array;
  cpuHz?: number;
  /** Devices moved from their default place (platform-config.ts DEFAULT_LOCATION), e.g. { ne2000: 'kernel' }. */
  deviceLocations?: Partial<Record<DeviceKey, DeviceLocation>>;
  maxInstructions?: number;
  sink: ExitSink;
  signal?: AbortSignal;
  onProgress?: (p: MechanismProgress) => void;
  /** vmx/svm: decode non-string IN too. Default: the profile's era (no kvm_fast_pio_in), see
   * mechanisms/decode-policy.ts. */
  decodeNonStringIn?: boolean;
}

export interface MechanismProgress extends MachineProgress {
  exits: number;
}

export interface MechanismRunReport {
  workload: WorkloadSpec;
  mechanism: Mechanism;
  build: Build;
  profileId: string;
  cpuHz: number;
  /** The guest parameters the run used (the mechanism's required settings included). */
  params: ParamValues;
  stop: StopReason;
  /** The workload's result block, decoded: its figures are the guest's own RDTSC measurements. */
  results: DecodedResults;
  instructions: number;
  /** The guest clock at the end: guest instructions plus every exit's cost. */
  guestCycles: number;
  guestNs: number;
  exits: number;
  /** Cycles spent in exits, per component and in all. */
  components: Record<ComponentName, number>;
  exitCycles: number;
  decodeNonStringIn: boolean;
  /** The guest the run modelled (and why its defaults, e.g. io_delay, are what they are). */
  guestKind: GuestKind;
  /** Exceptions reflected into the guest instead of emulated (trap), by reason. */
  reflected: { reason: string; count: number }[];
  byForm: FormCount[];
  byPort: PortCount[];
  /** Form-independent operations, per (port, direction, size). */
  byOperation: OperationCount[];
  /** Host wall-clock time of the run, milliseconds (for exits per second). */
  hostMs: number;
}

function invalid(message: string): never {
  throw new ExitScopeError('ValidationError', message);
}

function runnable(m: Mechanism): Mechanism {
  if (!Object.prototype.hasOwnProperty.call(MECHANISM_MODELS, m)) invalid(`unknown mechanism "${String(m)}" (known: ${Object.keys(MECHANISM_MODELS).join(', ')})`);
  return m;
}

/** The caller's parameters plus the mechanism's; a caller value that contradicts it is an error. */
function mergeParams(mechanism: Mechanism, spec: WorkloadSpec, given: Record<string, number | string>): Record<string, number | string> {
  const c = paramConflict(mechanism, spec, given);
  if (c) invalid(`${spec.id}: mechanism ${mechanism} runs the guest with ${c.name} = ${c.required} (got ${c.given})`);
  return { ...given, ...MECHANISM_MODELS[mechanism].requiredParams(spec) };
}

function prepare(req: MechanismRunRequest, mechanism: Mechanism): PreparedWorkload {
  try {
    const build = MECHANISM_MODELS[mechanism].build;
    const spec = getWorkload(req.workload);
    const given = req.params ?? {};
    const defaults = guestKindParams(spec, guestKindOf(mechanism, eraOf(req.profile)), given);
    return prepareWorkload(req.workload, build, { params: mergeParams(mechanism, spec, { ...defaults, ...given }), user: req.user });
  } catch (err) {
    if (err instanceof ExitScopeError) throw err;
    throw new ExitScopeError(err instanceof UnknownWorkloadError ? 'NotFound' : 'ValidationError', (err as Error).message);
  }
}

export async function runMechanism(req: MechanismRunRequest): Promise<MechanismRunReport> {
  const mechanism = runnable(req.mechanism);
  const path = MECHANISM_EXIT_PATH[mechanism];
  if (!supportedPaths(req.profile.params).some((p) => p === path)) {
    invalid(`profile ${req.profile.id} cannot price ${mechanism}: it defines no entry.${path}`);
  }
  const prepared = prepare(req, mechanism);
  const model = MECHANISM_MODELS[mechanism];
  const cpuHz = req.cpuHz ?? DEFAULT_CPU_HZ;
  const recorder = new ExitRecorder(req.profile, cpuHz, req.sink);
  const decodeNonStringIn = req.decodeNonStringIn ?? profileDecodesNonStringIn(req.profile);
  const ctx: MechanismContext = { recorder, decoder: new IoDecoder(new CodeTranslationCache()), decodeNonStringIn, stringIo: req.profile.stringIo.mode, stringPio: eraOf(req.profile).stringPio, machine: null, reflected: new Map() };
  const m = new Machine({
    platform: pcPlatformConfig(cpuHz, req.deviceLocations),
    image: prepared.image,
    user: prepared.user?.bytes,
    hooks: model.hooks(ctx),
    onPortAccess: recorder.onPortAccess,
  });
  ctx.machine = m;
  recorder.attach(m.cpu, m.platform.bus);
  const started = performance.now();
  let stop: StopReason;
  try {
    stop = await m.run({
      maxInstructions: req.maxInstructions ?? DEFAULT_MAX_INSTRUCTIONS,
      signal: req.signal,
      onProgress: req.onProgress && ((p) => req.onProgress!({ ...p, exits: recorder.exits })),
    });
  } finally {
    recorder.finish();
  }
  const hostMs = performance.now() - started;
  const totals = recorder.totals();
  return {
    workload: prepared.spec,
    mechanism,
    build: model.build,
    profileId: req.profile.id,
    cpuHz,
    params: prepared.params,
    stop,
    results: decodePreparedResults(prepared, m.results(), cpuHz),
    instructions: m.cpu.instructions,
    guestCycles: m.cpu.cycles,
    guestNs: m.platform.clock.nanos(),
    exits: totals.exits,
    components: totals.components,
    exitCycles: totals.cycles,
    decodeNonStringIn,
    guestKind: guestKindOf(mechanism, eraOf(req.profile)),
    reflected: [...ctx.reflected].map(([reason, count]) => ({ reason, count })),
    byForm: recorder.byForm(),
    byPort: recorder.byPort(),
    byOperation: recorder.byOperation(),
    hostMs,
  };
}
