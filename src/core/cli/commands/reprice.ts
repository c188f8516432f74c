// `exitscope reprice <trace id> --mechanism M[,M...] --profile P [--db FILE]`: re-prices a stored
// run or imported KVM trace under other mechanisms and/or a CPU profile without re-running
// anything, storing each result as a derived trace linked to its source. --device PORT=LOCATION
// says where a port's device model ran when the imported trace does not show it.
import { findProfile, loadProfiles } from '../../cost/index';
import { repriceTrace } from '../../vmm/reprice-trace';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import { parseMechanisms } from '../mechanism-arg';
import type { CliCommand } from '../command';
import { num } from '../text-table';
import { parsePortLocations } from '../port-location-arg';

export const repriceCommand: CliCommand = {
  name: 'reprice',
  summary: 'price a stored run or imported trace again under other mechanisms or a profile',
  usage: 'exitscope reprice <trace id> --mechanism M[,M...] --profile P [--device PORT=kernel|userspace]... [--db FILE] [--profiles-dir DIR]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['mechanism', 'profile', 'db', 'profiles-dir'], lists: ['device'] });
    const ports = parsePortLocations(args.lists.get('device') ?? []);
    const traceId = Number(args.positionals[0]);
    if (!Number.isSafeInteger(traceId) || traceId <= 0) throw new ExitScopeError('ValidationError', `expected a trace id. Usage: ${this.usage}`);
    const mechanisms = parseMechanisms(args.values.get('mechanism'), this.usage);
    const profileId = args.values.get('profile');
    if (!profileId) throw new ExitScopeError('ValidationError', `--profile is required (see \`exitscope profiles\`). Usage: ${this.usage}`);
    const profile = findProfile(loadProfiles({ dir: args.values.get('profiles-dir') }), profileId);
    const db = args.values.get('db') ?? defaultLibraryPath();
    for (const m of mechanisms) {
      const r = await repriceTrace(db, traceId, m, profile, ports);
      io.out(`trace ${traceId} under ${m} (${profile.id}): ${num(r.repriced)} port-I/O exits re-priced, ${num(r.exitCycles)} cycles in exits ` +
        `(${r.repriced ? (r.exitCycles / r.repriced).toFixed(1) : '-'} per exit); left out: ${num(r.skipped.notIo)} not port I/O, ` +
        `${num(r.skipped.unknownForm)} of unknown form; stored as derived trace ${r.traceId}\n`);
    }
    return 0;
  },
};
