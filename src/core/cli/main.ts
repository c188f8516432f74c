// The `exitscope` command line: finds the subcommand, runs it with real stdout/stderr and a
// Ctrl-C signal, and turns errors into one clear line and an exit code (2 for bad input,
// 130 for a cancel, 1 for anything else).
import { COMMANDS } from './commands/index';
import type { CliIo } from './command';
import { ExitScopeError } from '../errors';

function help(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return 'ExitScope: a profiler for virtual I/O\n\nusage: exitscope <command> [options]\n\n' +
    COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}\n      ${c.usage}`).join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const ctl = new AbortController();
  const onSigint = (): void => {
    if (ctl.signal.aborted) process.exit(130);
    ctl.abort();
  };
  process.on('SIGINT', onSigint);
  const io: CliIo = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTty: Boolean(process.stderr.isTTY),
    signal: ctl.signal,
  };
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      io.out(help());
      return name ? 0 : 2;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (!cmd) {
      io.err(`exitscope: unknown command "${name}"\n\n${help()}`);
      return 2;
    }
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof ExitScopeError) {
      io.err(`exitscope ${name}: ${err.message}\n`);
      return err.kind === 'Cancelled' ? 130 : 2;
    }
    io.err(`exitscope ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
