// Shared by the mechanism tests: run a workload under a mechanism and profile, collecting every
// exit record the run hands to its sink.
import { findProfile, loadProfiles } from '../../../../src/core/cost/index';
import type { Mechanism, Profile } from '../../../../src/core/cost/index';
import type { ExitRecord } from '../../../../src/core/trace/exit-record';
import { runMechanism } from '../../../../src/core/vmm/index';
import type { MechanismRunReport, MechanismRunRequest } from '../../../../src/core/vmm/index';

const loaded = loadProfiles();

export function profile(id: string): Profile {
  const p = findProfile(loaded, id);
  if (!p) throw new Error(`no profile ${id}`);
  return p;
}

export interface Run {
  report: MechanismRunReport;
  exits: ExitRecord[];
}

export async function run(
  workload: string,
  mechanism: Mechanism,
  profileId: string,
  params: Record<string, number | string> = {},
  extra: Partial<MechanismRunRequest> = {},
): Promise<Run> {
  const exits: ExitRecord[] = [];
  const report = await runMechanism({ workload, mechanism, profile: profile(profileId), params, sink: { push: (e) => exits.push(e) }, maxInstructions: 50_000_000, ...extra });
  return { report, exits };
}

/** The exits at one port. */
export const at = (exits: readonly ExitRecord[], port: number): ExitRecord[] => exits.filter((e) => e.port === port);
