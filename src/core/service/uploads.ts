// Files uploaded to the serve bridge before import (a browser cannot hand the host a path).
// Each upload is streamed to a temporary file; the service resolves its id to that path and
// removes the file after the import, successful or not.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { ExitScopeError } from '../errors';

export class UploadRegistry {
  private readonly dir = mkdtempSync(join(tmpdir(), 'exitscope-uploads-'));
  private readonly files = new Map<string, { path: string; name: string }>();

  async receive(body: Readable, name: string): Promise<string> {
    const id = randomUUID();
    const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-100) || 'upload';
    const path = join(this.dir, `${id}-${safe}`);
    await pipeline(body, createWriteStream(path));
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
