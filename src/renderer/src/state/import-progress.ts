// Pure helpers of the import flow, kept apart from the composable so they can be unit-tested.
import type { ImportProgress } from '../../../shared/dto';

/** How far an import has read, 0..1, or null while the total is unknown (an indeterminate bar). */
export function progressFraction(progress: ImportProgress | null): number | null {
  if (progress === null || progress.totalBytes === null || progress.totalBytes <= 0) return null;
  return Math.min(1, Math.max(0, progress.bytesRead / progress.totalBytes));
}

/** The last part of a host path (either separator), for labels. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter((part) => part !== '').pop() ?? path;
}
