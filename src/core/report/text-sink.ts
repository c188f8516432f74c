// A text writer over a Node stream that respects back-pressure: `write` buffers up to 64 KiB and
// waits for 'drain' when the stream asks, so streamed outputs (a report's exits, a Perfetto
// trace) never hold more than one chunk. `end` flushes and finishes the stream.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

export class TextSink {
  private buf = '';
  constructor(private readonly out: Writable) {}

  async write(text: string): Promise<void> {
    this.buf += text;
    if (this.buf.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf === '') return;
    const ok = this.out.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.out, 'drain');
  }

  /** Flushes and ends the stream (unless it is stdout), resolving when it is finished. */
  async end(): Promise<void> {
    await this.flush();
    if (this.out === process.stdout) return;
    this.out.end();
    await finished(this.out);
  }
}

/** Destroys a file stream and removes its file once the stream has really closed (it opens asynchronously). */
export async function discardFile(out: Writable, path: string, rm: (path: string) => void): Promise<void> {
  if (!out.closed) {
    const closed = new Promise((resolve) => out.once('close', resolve));
    out.destroy();
    await closed;
  }
  rm(path);
}
