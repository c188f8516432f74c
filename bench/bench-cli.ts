// Shared by the bench scripts: `--help` prints the usage and exits 0; a bad option or value is
// one line on stderr and exit code 2 (never a stack trace).
import { ExitScopeError } from '../src/core/errors';

export async function runBench(usage: string, main: () => Promise<void>): Promise<void> {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    console.log(`usage: ${usage}`);
    return;
  }
  try {
    await main();
  } catch (err) {
    if (!(err instanceof ExitScopeError)) throw err;
    console.error(`${err.message}\nusage: ${usage}`);
    process.exitCode = 2;
  }
}
