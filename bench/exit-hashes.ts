// Fingerprints of what the hypervisor models record: for every catalogue workload × mechanism ×
// built-in profile that can price it, runs the workload (default parameters) through
// runMechanism and prints one line with a SHA-256 of every exit record pushed to the sink (in
// order, all fields) and one of the run report (without its host wall-clock time). Used to show
// that a change to the CPU or a mechanism's hot path stores byte-identical exits:
//   node scripts/run-bin.mjs tsx bench/exit-hashes.ts > before.txt   (then after, and diff)
// Options: --mechanism M[,M...] --workload W[,W...] --profile P[,P...] to narrow the set.
import { createHash } from 'node:crypto';
import { parseArgs } from '../src/core/cli/args';
import { loadProfiles, MECHANISMS } from '../src/core/cost/index';
import type { Mechanism } from '../src/core/cost/index';
import { ExitScopeError } from '../src/core/errors';
import type { ExitRecord, ExitSink } from '../src/core/trace/exit-record';
import { runMechanism } from '../src/core/vmm/run-mechanism';
import { WORKLOADS } from '../src/core/workloads/index';

const args = parseArgs(process.argv.slice(2), { values: ['mechanism', 'workload', 'profile'] });
const pick = (name: string, all: readonly string[]): string[] => args.values.get(name)?.split(',') ?? [...all];
const profiles = loadProfiles({ dir: null }).profiles;
const mechanisms = pick('mechanism', MECHANISMS) as Mechanism[];
const workloads = pick('workload', WORKLOADS.map((w) => w.id));
const profileIds = pick('profile', profiles.map((p) => p.id));

const replacer = (_k: string, v: unknown): unknown => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);

for (const workload of workloads) {
  for (const mechanism of mechanisms) {
    for (const profileId of profileIds) {
      const profile = profiles.find((p) => p.id === profileId)!;
      const records = createHash('sha256');
      let pushed = 0;
      const take = (e: ExitRecord): void => {
        records.update(JSON.stringify(e, replacer));
        records.update('\n');
        pushed++;
      };
      const sink: ExitSink = { transient: true, push: take, pushRepeat: take };
      let line: string;
      try {
        const report = await runMechanism({ workload, mechanism, profile, sink });
        const { hostMs: _hostMs, ...rest } = report;
        const reportHash = createHash('sha256').update(JSON.stringify(rest, replacer)).digest('hex').slice(0, 16);
        line = `${pushed} records ${records.digest('hex').slice(0, 16)} report ${reportHash} stop ${report.stop.kind} insns ${report.instructions}`;
      } catch (e) {
        if (!(e instanceof ExitScopeError)) throw e;
        line = `not run: ${e.message.split('\n')[0]}`;
      }
      console.log(`${workload} ${mechanism} ${profileId}: ${line}`);
    }
  }
}
