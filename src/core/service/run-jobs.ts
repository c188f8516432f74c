// The service's emulated runs: `runs/start` checks the request against the catalogue (the
// workload, its parameters and the values each mechanism imposes, the profile and that it
// prices every mechanism) before anything is stored, then calls executeRun with the library
// path, forwarding its progress as `run/progress` events under the caller's runId;
// `runs/cancel` aborts it (executeRun keeps the run stored and marked cancelled, and runs no
// later mechanism).
import { findProfile } from '../cost/index';
import type { LoadedProfiles } from '../cost/index';
import { ExitScopeError } from '../errors';
import { executeRun } from '../runs/execute-run';
import { getWorkload, resolveParams, UnknownWorkloadError } from '../workloads/index';
import type { RunProgressEvent, RunStartRequest, RunStartResult, RunMechanism } from '../../shared/runs';
import { paramConflict } from '../vmm/mechanisms/catalogue';
import { profileMechanisms } from './catalogue-info';

export interface RunJobsOptions {
  libraryPath: string;
  profileDir: string | null;
  profiles: () => LoadedProfiles;
  onProgress: (p: RunProgressEvent) => void;
  onStored: () => void;
}

export class RunJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly opts: RunJobsOptions) {}

  /** Throws a ValidationError / NotFound naming what is wrong with the request. */
  check(req: RunStartRequest): void {
    if (new Set(req.mechanisms).size !== req.mechanisms.length) throw new ExitScopeError('ValidationError', 'mechanisms: each mechanism may appear once');
    let spec;
    try {
      spec = getWorkload(req.workload);
    } catch (err) {
      if (err instanceof UnknownWorkloadError) throw new ExitScopeError('NotFound', err.message);
      throw err;
    }
    if (spec.userPayload) throw new ExitScopeError('ValidationError', `workload: ${spec.id} needs a payload file; run it with \`exitscope run --workload user --user FILE\``);
    try {
      resolveParams(spec, req.params);
    } catch (err) {
      throw new ExitScopeError('ValidationError', `params: ${(err as Error).message}`);
    }
    for (const m of req.mechanisms) {
      const c = paramConflict(m, spec, req.params);
      if (c) throw new ExitScopeError('ValidationError', `params.${c.name}: ${m} runs the guest with ${c.name} = ${c.required} (got ${c.given}); leave it at its default or run ${m} separately`);
    }
    const profile = findProfile(this.opts.profiles(), req.profileId);
    const priced = profileMechanisms(profile);
    const missing = req.mechanisms.filter((m) => !priced.includes(m));
    if (missing.length > 0) {
      throw new ExitScopeError('ValidationError', `mechanisms: profile ${profile.id} cannot price ${missing.join(', ')} (it prices ${priced.join(', ')})`);
    }
  }

  async start(req: RunStartRequest): Promise<RunStartResult> {
    if (this.running.has(req.runId)) throw new ExitScopeError('ValidationError', `run ${req.runId} is already running`);
    this.check(req);
    const ctl = new AbortController();
    this.running.set(req.runId, ctl);
    try {
      const outcome = await executeRun(
        { dbPath: this.opts.libraryPath, workload: req.workload, mechanisms: req.mechanisms, profileId: req.profileId, profileDir: this.opts.profileDir, params: req.params,
          ...(req.deviceLocations === undefined ? {} : { deviceLocations: req.deviceLocations }) },
        {
          signal: ctl.signal,
          onProgress: (p) => this.opts.onProgress({ runId: req.runId, mechanism: p.mechanism as RunMechanism, index: p.index, of: p.of, instructions: p.instructions, exits: p.exits }),
        },
      );
      return {
        runId: req.runId, runGroup: outcome.runGroup, cancelled: outcome.cancelled,
        runs: outcome.runs.map((r) => ({ traceId: r.traceId, mechanism: r.mechanism, status: r.status, exits: r.exits, exitCycles: r.exitCycles })),
      };
    } finally {
      this.running.delete(req.runId);
      this.opts.onStored();
    }
  }

  cancel(runId: string): boolean {
    const ctl = this.running.get(runId);
    ctl?.abort();
    return ctl !== undefined;
  }

  cancelAll(): void {
    for (const ctl of this.running.values()) ctl.abort();
  }
}
