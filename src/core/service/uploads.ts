// Files uploaded to the serve bridge before import (a browser cannot hand the host a path).
// Each upload is streamed to a temporary file in this process's upload directory
// (<tmp>/exitscope-uploads-XXXX, holding an `owner.pid` file); the service resolves its id to that
// path and removes the file after the import, successful or not. An upload that fails (too big,
// connection lost) is deleted at once. Directories left by a server that was killed are removed
// by the next one (cleanStaleUploads): those whose owner process is gone.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ExitScopeError } from '../errors';

const PREFIX = 'exitscope-uploads-';
const OWNER = 'owner.pid';
/** A directory without an owner file older than this is stale too (a crash between mkdtemp and the write). */
const ORPHAN_MS = 24 * 3600_000;

export class UploadTooLargeError extends ExitScopeError {
  constructor(readonly limit: number) {
    super('ValidationError', `upload larger than the limit of ${limit.toLocaleString('en-US')} bytes (serve --max-upload-mb)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes upload directories under `root` whose owner process is no longer running; returns how many. */
export function cleanStaleUploads(root: string = tmpdir(), now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(PREFIX));
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      let stale: boolean;
      try {
        const pid = Number(readFileSync(join(dir, OWNER), 'utf8'));
        stale = pid !== process.pid && !(Number.isSafeInteger(pid) && pid > 0 && alive(pid));
      } catch {
        stale = now - statSync(dir).mtimeMs > ORPHAN_MS;
      }
      if (stale) {
        rmSync(dir, { recursive: true, force: true });
        removed++;
      }
    } catch {
      // another user's directory, or gone meanwhile: leave it
    }
  }
  return removed;
}

export class UploadRegistry {
  private readonly dir: string;
  private readonly files = new Map<string, { path: string; name: string }>();

  constructor(root: string = tmpdir()) {
    this.dir = mkdtempSync(join(root, PREFIX));
    writeFileSync(join(this.dir, OWNER), String(process.pid));
  }

  /** Streams `body` to a new upload file; at most `maxBytes` bytes (else UploadTooLargeError, file deleted). */
  async receive(body: Readable, name: string, maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
    const id = randomUUID();
    const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-100) || 'upload';
    const path = join(this.dir, `${id}-${safe}`);
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(size > maxBytes ? new UploadTooLargeError(maxBytes) : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(path));
    } catch (err) {
      rmSync(path, { force: true });
      if (err instanceof ExitScopeError) throw err;
      throw new ExitScopeError('ValidationError', `upload of ${name} did not complete (${(err as Error).message}); nothing was kept`);
    }
    this.files.set(id, { path, name });
    return id;
  }

  resolve(uploadId: string): { path: string; name: string } {
    const f = this.files.get(uploadId);
    if (!f) throw new ExitScopeError('NotFound', `no upload with id ${uploadId}`);
    return f;
  }

  discard(uploadId: string): void {
    const f = this.files.get(uploadId);
    if (!f) return;
    this.files.delete(uploadId);
    rmSync(f.path, { force: true });
  }

  dispose(): void {
    this.files.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
