// Data shapes of emulated runs as they cross the boundary: the catalogue the New run dialog
// offers (workloads with their parameters, CPU profiles with the mechanisms they can price), a
// run's progress and outcome, the run view's breakdown (by form × cost component, latency
// histograms per mechanism, the profile parameters behind every component) and the savings
// view (the mechanisms of one run group side by side). Types and constants only.
import type { Histogram, TraceStatus } from './dto';

/** The mechanisms a run can use; batched and ring ride on the hypercall exit path. */
export const RUN_MECHANISMS = ['trap', 'vmx', 'svm', 'hypercall', 'batched', 'ring'] as const;
export type RunMechanism = (typeof RUN_MECHANISMS)[number];

/** The eight cost components of an exit, in the cost model's order. */
export const COST_COMPONENTS = ['entry', 'dispatch', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'resume'] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];

/** The PC's device models, which a run may place in the kernel/hypervisor or in a userspace
 * device model (the core's DeviceKey; checked against it in src/core/service/catalogue-info.ts). */
export const RUN_DEVICES = ['pic', 'pit', 'uart', 'ne2000', 'ata', 'pci', 'pmTimer', 'rtc', 'post', 'debugcon'] as const;
export type RunDevice = (typeof RUN_DEVICES)[number];
export type DeviceLocationName = 'kernel' | 'userspace';

/** A device of the guest PC (every run has them all), where its model lives unless the run
 * moves it, and whether the workload is written to use it (an exit microbenchmark's port
 * parameter can point at any of them). */
export interface WorkloadDeviceInfo {
  key: RunDevice;
  defaultLocation: DeviceLocationName;
  usedByWorkload: boolean;
}

export type ParamKindName = 'measured' | 'manual' | 'derived' | 'assumed';

/** One workload parameter, as the dialog needs it. */
export type WorkloadParamInfo =
  | { kind: 'int'; name: string; description: string; default: number; min: number; max: number; unit: string | null; allowed: number[] | null; setBy: Partial<Record<RunMechanism, number | string>> }
  | { kind: 'choice'; name: string; description: string; default: string; choices: string[]; setBy: Partial<Record<RunMechanism, number | string>> }
  | { kind: 'text'; name: string; description: string; default: string; capacity: number; setBy: Partial<Record<RunMechanism, number | string>> };

export interface DerivedResultInfo {
  name: string;
  unit: string;
  formula: string;
}

export interface WorkloadInfo {
  id: string;
  title: string;
  description: string;
  params: WorkloadParamInfo[];
  devices: WorkloadDeviceInfo[];
  derived: DerivedResultInfo[];
}

/** Where a figure came from: a URL and/or a citation, and a note. */
export interface SourceInfo {
  url: string | null;
  citation: string | null;
  note: string;
}

export interface ProfileInfo {
  id: string;
  title: string;
  cpu: string;
  clockMhz: number | null;
  /** The run mechanisms this profile can price (batched needs the hypercall path). */
  mechanisms: RunMechanism[];
  origin: string;
  kinds: Record<ParamKindName, number>;
  /** Distinct sources of the profile's own fitted figures. */
  sources: string[];
  checks: { total: number; passed: number };
}

export interface RunStartRequest {
  /** Chosen by the caller, to match `run/progress` events and to cancel. */
  runId: string;
  workload: string;
  mechanisms: RunMechanism[];
  profileId: string;
  /** Only the parameters that differ from the workload's defaults. */
  params: Record<string, number | string>;
  /** Devices moved from their default place (only those that differ). */
  deviceLocations?: Partial<Record<RunDevice, DeviceLocationName>>;
}

export interface RunProgressEvent {
  runId: string;
  mechanism: RunMechanism;
  /** 0-based position of this mechanism in the request, and how many there are. */
  index: number;
  of: number;
  instructions: number;
  exits: number;
}

export interface StoredRun {
  traceId: number;
  mechanism: RunMechanism;
  status: 'complete' | 'cancelled';
  exits: number;
  exitCycles: number;
}

export interface RunStartResult {
  runId: string;
  runGroup: string;
  cancelled: boolean;
  runs: StoredRun[];
}

/** What a trace's meta says about the emulated run that produced it. */
export interface RunInfo {
  workload: string;
  mechanism: string;
  profileId: string;
  runGroup: string | null;
}

/** One profile parameter that priced a component. */
export interface ParamSourceInfo {
  id: string;
  /** In cycles (a ratio for guest.clockScale). */
  value: number;
  published: { value: number; unit: string };
  kind: ParamKindName;
  source: SourceInfo;
  derivation: string | null;
  inheritedFrom: string | null;
  /** Another CPU's or source's figure used here ("borrowed from X"); null: the profile's own. */
  borrowedFrom: string | null;
}

export interface ComponentSource {
  component: CostComponent;
  /** priceExit's one-line derivation for the form's representative exit. */
  derivation: string;
  params: ParamSourceInfo[];
}

/** A form key: the form id 0..23 as a string, or "none" for exits without a port operation. */
export type FormKey = string;

export interface FormBreakdown {
  key: FormKey;
  formId: number | null;
  /** Canonical mnemonic, or the exit reason when the exit carried no port operation. */
  label: string;
  exits: number;
  /** Port operations of this form (a batched or ring exit carries several); null when not known. */
  ops?: number | null;
  /** Sum of the components over the form's exits, in guest cycles. */
  cycles: Record<CostComponent, number>;
  totalCycles: number;
}

export interface MechanismHistogram {
  traceId: number;
  mechanism: string;
  histogram: Histogram;
}

export interface RunBreakdown {
  traceId: number;
  run: RunInfo;
  status: TraceStatus;
  /** The guest clock, Hz (latencies in ns are priced cycles at this clock). */
  cpuHz: number | null;
  forms: FormBreakdown[];
  /** Per form key, the sources of each component (from priceExit on the form's representative exit). */
  sources: Record<FormKey, ComponentSource[]>;
  /** How the representative exit was chosen and priced. */
  sourcesDerivation: string;
  /** One histogram per trace of the run group (this trace alone when it has no group). */
  histograms: MechanismHistogram[];
}

export interface ResultFigure {
  name: string;
  unit: string;
  value: number | null;
  formula: string;
}

export interface MechanismSavings {
  traceId: number;
  mechanism: string;
  status: TraceStatus;
  exits: number;
  /** Σ cost_total over the trace's exits, cycles. */
  exitCycles: number;
  /** The guest clock at the end of the run (guest instructions plus every exit), cycles. */
  guestCycles: number | null;
  /** exitCycles / guestCycles, null without guest cycles. */
  shareInExits: number | null;
  /** baseline exitCycles − exitCycles. */
  savedCycles: number;
  results: ResultFigure[];
}

export interface FormSavings {
  key: FormKey;
  formId: number | null;
  label: string;
  /** Per trace id: exits and cycles of this form. */
  exits: Record<number, number>;
  cycles: Record<number, number>;
  /** Per trace id: baseline cycles of this form − this trace's cycles of it. */
  saved: Record<number, number>;
}

/** Whether a run group holds a complete run of every mechanism it was asked for. */
export interface GroupCompleteness {
  /** The mechanisms asked for, in order; null when the group's runs do not record them (older runs). */
  requested: string[] | null;
  /** Asked for, with no stored run (never ran: an earlier one failed or was cancelled, or the process was killed). */
  missing: string[];
  /** Stored but cancelled part-way. */
  partial: string[];
  /** null when unknown (requested is null). */
  complete: boolean | null;
}

export interface RunSavings {
  runGroup: string;
  /** Which of the mechanisms asked for are here (an incomplete group compares fewer). */
  completeness: GroupCompleteness;
  workload: string;
  profileId: string;
  baseline: { traceId: number; mechanism: string; why: string };
  mechanisms: MechanismSavings[];
  forms: FormSavings[];
  /** How each figure was derived, for captions and tooltips. */
  derivations: { exitCycles: string; share: string; saved: string; savedPerForm: string; results: string };
  /** Why some runs look alike or surprising: mechanisms that coincide (and why), a mechanism
   * whose exits cost more than another's per exit of the same form. */
  notes: string[];
}
