// The part of an emulated trace's meta_json (written by executeRun / recordRun) that the run
// and savings views read, parsed without trusting its shape: a field that is missing or of
// the wrong type reads as null, so an imported trace or an older run never breaks a view.
import type { RunInfo } from '../../shared/runs';

export interface RunMeta {
  workload: string | null;
  mechanism: string | null;
  profileId: string | null;
  runGroup: string | null;
  groupIndex: number | null;
  /** Every mechanism the run's group was asked for (null: a run stored before this was recorded). */
  groupMechanisms: string[] | null;
  exitCycles: number | null;
  guestCycles: number | null;
  cpuHz: number | null;
  /** meta.results.derived: the workload's own result figures by name. */
  derived: Record<string, number | null>;
  params: Record<string, number | string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function parseRunMeta(json: string): RunMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = {};
  }
  const m = isRecord(raw) ? raw : {};
  const derived: Record<string, number | null> = {};
  const results = isRecord(m.results) ? m.results : {};
  if (isRecord(results.derived)) for (const [k, v] of Object.entries(results.derived)) derived[k] = num(v);
  const params: Record<string, number | string> = {};
  if (isRecord(m.params)) for (const [k, v] of Object.entries(m.params)) if (typeof v === 'number' || typeof v === 'string') params[k] = v;
  return {
    workload: str(m.workload), mechanism: str(m.mechanism), profileId: str(m.profile), runGroup: str(m.runGroup),
    groupIndex: num(m.groupIndex),
    groupMechanisms: Array.isArray(m.groupMechanisms) && m.groupMechanisms.every((x) => typeof x === 'string') ? (m.groupMechanisms as string[]) : null,
    exitCycles: num(m.exitCycles), guestCycles: num(m.guestCycles), cpuHz: num(m.cpuHz),
    derived, params,
  };
}

/** The run facts of a trace, or null when its meta does not describe an emulated run. */
export function runInfoOf(meta: RunMeta): RunInfo | null {
  if (meta.workload === null || meta.mechanism === null || meta.profileId === null) return null;
  return { workload: meta.workload, mechanism: meta.mechanism, profileId: meta.profileId, runGroup: meta.runGroup };
}
