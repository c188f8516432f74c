// Undoing a mailer's line wrapping (`exitscope import --rejoin`): a trace pasted into a mail is
// often broken at ~72-78 columns, so the tail of an event line arrives as a line of its own.
// A line that is neither an event line (LinePrefix.parse) nor a known header is taken as the
// continuation of the line before it and appended to it, with the blank the mailer broke at.
// Joined lines are capped (MAX_JOINED) so a file of non-event text is not glued into one line.
import { headerKind } from './header-lines';
import { LinePrefix } from './line-prefix';

const MAX_JOINED = 4096;

export class LineRejoiner {
  private pending: string | null = null;
  private pendingNo = 0;
  private readonly prefix = new LinePrefix();

  constructor(private readonly feed: (line: string, lineNo: number) => void) {}

  push(line: string, lineNo: number): void {
    const p = this.pending;
    if (p !== null && p.length < MAX_JOINED && line.length > 0 && line.charCodeAt(0) !== 10 &&
        !this.prefix.parse(line) && headerKind(line) === null) {
      this.pending = p.endsWith(' ') || line.startsWith(' ') ? p + line : `${p} ${line}`;
      return;
    }
    this.flush();
    this.pending = line;
    this.pendingNo = lineNo;
  }

  /** Feed the line still held (call at the end of the input). */
  flush(): void {
    if (this.pending !== null) this.feed(this.pending, this.pendingNo);
    this.pending = null;
  }
}
