// What the renderer's IPC requests may contain, before they reach the service: never a host path.
// A request holding a field named `path` anywhere is refused (so a command added later that takes
// a path cannot be reached from the window by accident); the commands that write or read host files
// take grant ids (file-grants.ts), turned here into the paths the service needs:
//   traces/import     { source: { kind: 'granted', grantId } }  → { source: { kind: 'path', path } }
//   traces/export-csv { traceId, grantId }                      → { traceId, path }
//   reports/export    { traceIds, format, ..., grantId }        → { traceIds, format, ..., path }
// The service validates the result as it validates every request. Pure: tested without Electron.
import type { CommandName } from '../shared/contract';
import { ExitScopeError } from '../core/errors';
import type { FileGrants } from './file-grants';

const MAX_DEPTH = 8;

function holdsPath(v: unknown, depth = 0): boolean {
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(v)) return v.some((x) => holdsPath(x, depth + 1));
  return Object.entries(v).some(([k, x]) => k === 'path' || holdsPath(x, depth + 1));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function fromRenderer(name: CommandName, payload: unknown, grants: FileGrants): unknown {
  if (holdsPath(payload)) {
    throw new ExitScopeError('ValidationError', `${name}: the window cannot name host files; choose them with File > Import / Export (or drop them on the window)`);
  }
  if (name === 'traces/import' && isRecord(payload) && isRecord(payload.source) && payload.source.kind === 'granted') {
    const { grantId, ...rest } = payload.source;
    if (Object.keys(rest).length > 1) return payload; // unknown fields: the service names them
    return { ...payload, source: { kind: 'path', path: grants.resolve(grantId, 'read') } };
  }
  if ((name === 'traces/export-csv' || name === 'reports/export') && isRecord(payload) && 'grantId' in payload) {
    const { grantId, ...rest } = payload;
    return { ...rest, path: grants.resolve(grantId, 'write') };
  }
  return payload;
}
