// A one-line progress bar on stderr for long CLI operations. Redraws in place on a terminal;
// elsewhere (CI logs, pipes) prints a line at most every few seconds so logs stay readable.
import type { CliIo } from './command';

export class ProgressBar {
  private lastPrint = Date.now(); // off a terminal, the first line comes after 5 s
  constructor(private readonly io: CliIo, private readonly label: string) {}

  update(done: number, total: number | null, detail: string): void {
    const now = Date.now();
    const frac = total ? Math.min(1, done / total) : 0;
    if (this.io.isTty) {
      const width = 30;
      const filled = Math.round(frac * width);
      this.io.err(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${detail}\x1b[K`);
    } else if (now - this.lastPrint > 5000) {
      this.lastPrint = now;
      this.io.err(`${this.label}: ${(frac * 100).toFixed(0)}% ${detail}\n`);
    }
  }

  done(): void {
    if (this.io.isTty) this.io.err('\r\x1b[K');
  }
}
