// One CLI subcommand: `exitscope <name> ...`. Each lives in its own file under ./commands and is
// listed in ./commands/index.ts. `run` returns the process exit code; it writes through `io`
// so tests can capture output, and never calls process.exit itself.
export interface CliIo {
  out(text: string): void; // stdout, text should end with '\n' where a line is meant
  err(text: string): void; // stderr
  /** Whether stderr is a terminal (progress bars redraw in place only then). */
  isTty: boolean;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** More on the options and the output (`exitscope <name> --help`), e.g. the --json shape. */
  details?: string;
  run(args: string[], io: CliIo): Promise<number>;
}
