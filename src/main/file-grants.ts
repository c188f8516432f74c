// Host paths stay in the main process. A path the user chose — in one of main's own dialogs, by
// dropping a file on the window, or on the command line — is kept here and the renderer gets an
// opaque id for it, with the purpose it was chosen for: 'read' (import) or 'write' (export). The
// renderer can name nothing else, so a compromised page can neither read the first lines of an
// arbitrary file through import errors nor write CSV anywhere. Pure (no Electron): tested as is.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { ExitScopeError } from '../core/errors';

export type GrantPurpose = 'read' | 'write';

export interface Grant {
  grantId: string;
  /** The file's name (no directory) for the UI. */
  name: string;
}

/** At most this many grants are kept; the oldest go first. */
const MAX_GRANTS = 256;

export class FileGrants {
  private readonly grants = new Map<string, { path: string; purpose: GrantPurpose }>();

  grant(path: string, purpose: GrantPurpose): Grant {
    if (path === '' || path.includes('\0')) throw new ExitScopeError('ValidationError', 'not a file path');
    const grantId = randomUUID();
    this.grants.set(grantId, { path, purpose });
    while (this.grants.size > MAX_GRANTS) this.grants.delete(this.grants.keys().next().value!);
    return { grantId, name: basename(path) };
  }

  /** The path behind a grant, if it was made for this purpose. A write grant is used once. */
  resolve(grantId: unknown, purpose: GrantPurpose): string {
    const g = typeof grantId === 'string' ? this.grants.get(grantId) : undefined;
    if (!g || g.purpose !== purpose) {
      throw new ExitScopeError('ValidationError', `no ${purpose === 'read' ? 'file chosen to open' : 'file chosen to save'} with that id: choose it again`);
    }
    if (purpose === 'write') this.grants.delete(grantId as string);
    return g.path;
  }
}
