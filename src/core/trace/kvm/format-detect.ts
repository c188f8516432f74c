// Which tool printed the trace, from the shape of its first event lines and its headers:
//   perf script — the pid follows the comm after a space, or the event has a `kvm:` system prefix;
//   trace-cmd   — a `cpus=N` / `version =` header before the events (even with `-l` latency
//                 flags), or, without a flags column, event names padded to a column;
//   tracefs     — everything else (a flags column, or single-spaced event names).
// The first event line decides perf; the first DECIDING_LINES event lines are watched for the
// others. Mixed inputs are parsed line by line anyway: the format is a label, not a mode.

import type { TraceTextFormat } from '../../../shared/dto';
import type { LinePrefix } from './line-prefix';

const DECIDING_LINES = 1000;

export class FormatDetector {
  private eventLines = 0;
  private perf = false;
  private flags = 0;
  private padded = 0;
  private traceCmdHeader = false;

  sawTraceCmdHeader(): void {
    if (this.eventLines === 0) this.traceCmdHeader = true;
  }

  /** Whether event lines are still being watched (the caller reads their thread and time columns only then). */
  deciding(): boolean {
    return this.eventLines < DECIDING_LINES;
  }

  /** Feed an event line whose prefix was fully read (parse, thread, time). */
  sawEvent(p: LinePrefix): void {
    const n = this.eventLines;
    if (n >= DECIDING_LINES) return;
    this.eventLines = n + 1;
    if (n === 0) this.perf = p.spacePid || p.system;
    if (p.flags) this.flags++;
    if (p.padded) this.padded++;
  }

  format(): TraceTextFormat | null {
    if (this.eventLines === 0) return null;
    if (this.perf) return 'perf-script';
    if (this.traceCmdHeader) return 'trace-cmd';
    if (this.flags === 0 && this.padded > 0) return 'trace-cmd';
    return 'tracefs';
  }
}
