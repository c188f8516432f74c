// The `exitscope` command line: finds the subcommand, runs it with real stdout/stderr and a
// Ctrl-C signal, and turns errors into one clear line and an exit code (cli-error.ts: 2 for a
// request that cannot be done as given, 1 for a failure, 130 for a cancel). `--version`,
// `help [command]` and `<command> --help` are answered here for every registered command;
// `--debug` anywhere adds the stack trace to an error. Output to a closed pipe
// (`exitscope export 1 --csv - | head`) ends the command quietly.
import type { CliCommand, CliIo } from './command';
import { reportError } from './cli-error';
import { appVersion } from '../app-version';

// The registry (and through it every command's dependencies: SQLite, the CPU, the server) is
// loaded only when a command needs it, so `--version` starts as fast as Node itself.
let COMMANDS: readonly CliCommand[] = [];

function help(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return 'ExitScope: a profiler for virtual I/O\n\nusage: exitscope <command> [options]\n\n' +
    COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}\n      ${c.usage}`).join('\n') +
    '\n\n`exitscope <command> --help` describes one command; `exitscope --version` prints the version;\n' +
    '--debug adds the stack trace to an error. Exit codes: 0 done, 1 failed, 2 bad request, 130 cancelled.\n';
}

function commandHelp(c: CliCommand): string {
  return `exitscope ${c.name}: ${c.summary}\n\nusage: ${c.usage}\n${c.details ? `\n${c.details.trimEnd()}\n` : ''}`;
}

/** Whether argv asks for help (before a `--` that ends the options). */
function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Exits quietly when stdout's reader has gone (EPIPE): nothing more can be said to it. */
function quietOnClosedPipe(): () => void {
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`exitscope: cannot write to stdout: ${err.message}\n`);
    process.exit(1);
  };
  process.stdout.on('error', onError);
  return () => void process.stdout.off('error', onError);
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const [name, ...rest] = debug ? argv.filter((a) => a !== '--debug') : argv;
  const ctl = new AbortController();
  const onSigint = (): void => {
    if (ctl.signal.aborted) process.exit(130);
    ctl.abort();
  };
  process.on('SIGINT', onSigint);
  const unpipe = quietOnClosedPipe();
  const io: CliIo = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    isTty: Boolean(process.stderr.isTTY),
    signal: ctl.signal,
  };
  try {
    if (name === '--version' || name === '-V' || name === 'version') {
      io.out(rest.includes('--json') ? JSON.stringify({ name: 'exitscope', version: appVersion() }) + '\n' : `exitscope ${appVersion()}\n`);
      return 0;
    }
    ({ COMMANDS } = await import('./commands/index'));
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const topic = name === 'help' ? rest[0] : undefined;
      const cmd = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic);
      if (topic !== undefined && !cmd) {
        io.err(`exitscope help: unknown command "${topic}"\n\n${help()}`);
        return 2;
      }
      io.out(cmd ? commandHelp(cmd) : help());
      return name ? 0 : 2;
    }
    const cmd = COMMANDS.find((c) => c.name === name);
    if (!cmd) {
      io.err(`exitscope: unknown command "${name}"\n\n${help()}`);
      return 2;
    }
    if (wantsHelp(rest)) {
      io.out(commandHelp(cmd));
      return 0;
    }
    return await cmd.run(rest, io);
  } catch (err) {
    const r = reportError(name ?? '', err, debug);
    io.err(r.line);
    return r.code;
  } finally {
    process.off('SIGINT', onSigint);
    unpipe();
  }
}
