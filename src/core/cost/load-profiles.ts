// Finds every CPU profile: the built-in ones (builtin-profiles.ts) plus the user's, read from a
// directory (default `<library dir>/profiles`, next to the library file of library-path.ts):
//   <dir>/*.json       profiles
//   <dir>/sets/*.json  parameter sets profiles may inherit (besides the built-in sets)
// A file that does not parse or validate, or whose id is already taken, is not loaded and is
// reported as a problem naming the file and the field; nothing is skipped silently. Built-in
// profiles are trusted to validate (tests check them), so a failure there throws.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ExitScopeError } from '../errors';
import { defaultLibraryPath } from '../library-path';
import { BUILTIN_PROFILE_FILES, BUILTIN_SET_FILES } from './builtin-profiles';
import { parseParamSet, parseProfile } from './profile-schema';
import type { ParamSet, Profile } from './types';

export interface ProfileProblem {
  file: string;
  message: string;
}

export interface LoadedProfiles {
  profiles: Profile[];
  sets: ParamSet[];
  problems: ProfileProblem[];
  /** The user directory that was read (null when none was given and the default is absent). */
  userDir: string | null;
}

/** Where user profiles live for a library file: `profiles/` beside it. */
export function profilesDirOf(libraryPath: string): string {
  return join(dirname(libraryPath), 'profiles');
}

export function defaultProfilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return profilesDirOf(defaultLibraryPath(env));
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
}

/** A file that cannot be read (a directory named x.json, a dangling symlink) is that file's problem only. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = code === 'EISDIR' ? 'is a directory, not a profile file'
      : code === 'ENOENT' ? 'cannot be read: a symbolic link to a file that does not exist'
        : `cannot be read (${code})`;
    throw new ExitScopeError('ValidationError', why);
  }
}

function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ExitScopeError('ValidationError', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Runs `parse` on one file; a user error becomes a problem, anything else propagates. */
function attempt<T>(file: string, problems: ProfileProblem[], parse: () => T): T | null {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ExitScopeError)) throw err;
    problems.push({ file, message: err.message });
    return null;
  }
}

function builtinSets(): Map<string, ParamSet> {
  const sets = new Map<string, ParamSet>();
  for (const [name, json] of BUILTIN_SET_FILES) {
    const set = withFile(`built-in sets/${name}`, () => parseParamSet(json));
    sets.set(set.id, set);
  }
  return sets;
}

function withFile<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ExitScopeError) throw new ExitScopeError(err.kind, `${file}: ${err.message}`, { cause: err });
    throw err;
  }
}

/**
 * Built-in plus user profiles. `dir`: the user directory; undefined means the default (read if it
 * exists), null means built-in only. An explicitly given directory that does not exist is an error.
 */
export function loadProfiles(opts: { dir?: string | null; env?: NodeJS.ProcessEnv } = {}): LoadedProfiles {
  const sets = builtinSets();
  const setOrigin = new Map<string, string>([...sets.keys()].map((id) => [id, 'built-in']));
  const profiles: Profile[] = [];
  const origin = new Map<string, string>();
  for (const [name, json] of BUILTIN_PROFILE_FILES) {
    const p = withFile(`built-in ${name}`, () => parseProfile(json, 'built-in', sets));
    if (origin.has(p.id)) throw new ExitScopeError('ValidationError', `built-in ${name}: duplicate profile id ${p.id}`);
    origin.set(p.id, 'built-in');
    profiles.push(p);
  }

  const problems: ProfileProblem[] = [];
  let userDir: string | null = null;
  if (opts.dir !== null) {
    const dir = opts.dir ?? defaultProfilesDir(opts.env);
    if (opts.dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory())) {
      throw new ExitScopeError('NotFound', `profile directory ${dir} does not exist`);
    }
    if (existsSync(dir)) userDir = dir;
    for (const file of jsonFiles(join(dir, 'sets'))) {
      const set = attempt(file, problems, () => parseParamSet(readJson(file)));
      if (!set) continue;
      const taken = setOrigin.get(set.id);
      if (taken) problems.push({ file, message: `id: parameter set "${set.id}" is already defined by ${taken}` });
      else {
        sets.set(set.id, set);
        setOrigin.set(set.id, file);
      }
    }
    for (const file of jsonFiles(dir)) {
      const p = attempt(file, problems, () => parseProfile(readJson(file), file, sets));
      if (!p) continue;
      const taken = origin.get(p.id);
      if (taken) problems.push({ file, message: `id: profile "${p.id}" is already defined by ${taken}` });
      else {
        origin.set(p.id, file);
        profiles.push(p);
      }
    }
  }
  return { profiles, sets: [...sets.values()], problems, userDir };
}

export function findProfile(loaded: LoadedProfiles, id: string): Profile {
  const p = loaded.profiles.find((x) => x.id === id);
  if (!p) throw new ExitScopeError('NotFound', `no profile with id "${id}" (known: ${loaded.profiles.map((x) => x.id).join(', ')})`);
  return p;
}
