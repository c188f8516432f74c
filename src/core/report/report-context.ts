// What a report needs beside the store, shared by the CLI and the service: the CPU profiles (built
// in plus the user's, to show every parameter's value, kind and source) and the workloads'
// derived-result formulas (for the savings table).
import { existsSync, readFileSync } from 'node:fs';
import { loadProfiles, profilesDirOf } from '../cost/index';
import type { LoadedProfiles } from '../cost/index';
import { getWorkload } from '../workloads/index';
import type { DerivedResultInfo } from '../../shared/runs';
import type { BuildReportOptions } from './build-report';

export function reportLookups(loaded: LoadedProfiles): Pick<BuildReportOptions, 'profileOf' | 'resultsOf'> {
  return {
    profileOf: (id) => loaded.profiles.find((p) => p.id === id) ?? null,
    resultsOf: (workload): DerivedResultInfo[] => {
      try {
        return getWorkload(workload).derived.map((d) => ({ name: d.name, unit: d.unit, formula: d.formula }));
      } catch {
        return [];
      }
    },
  };
}

/** Profiles for a report of a library: built-in ones plus `<library dir>/profiles` (or `dir`). */
export function libraryLookups(libraryPath: string, dir?: string | null): Pick<BuildReportOptions, 'profileOf' | 'resultsOf'> {
  const userDir = dir ?? profilesDirOf(libraryPath);
  return reportLookups(loadProfiles({ dir: existsSync(userDir) ? userDir : null }));
}

/** ExitScope's version from package.json (the CLI's; the app passes its own). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
