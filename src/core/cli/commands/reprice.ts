// `exitscope reprice <trace id> --mechanism M[,M...] --profile P [--db FILE]`: re-prices a stored
// run or imported KVM trace under other mechanisms and/or a CPU profile without re-running
// anything, storing each result as a derived trace linked to its source. --device PORT=LOCATION
// says where a port's device model ran when the imported trace does not show it.
import { findProfile, loadProfiles } from '../../cost/index';
import { repriceTrace } from '../../vmm/reprice-trace';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs, parseIntArg } from '../args';
import { parseMechanisms } from '../mechanism-arg';
import type { CliCommand } from '../command';
import { num } from '../text-table';
import { parsePortLocations } from '../port-location-arg';

export const repriceCommand: CliCommand = {
  name: 'reprice',
  summary: 'price a stored run or imported trace again under other mechanisms or a profile',
  usage: 'exitscope reprice <trace id> --mechanism M[,M...] --profile P [--device PORT=kernel|userspace]... [--db FILE] [--profiles-dir DIR] [--json]',
  details: 'One line per mechanism: exits re-priced, cycles in exits, what was left out, the derived trace\'s id.\n' +
    '--json: an array, one object per mechanism: {"sourceTraceId", "mechanism", "profileId", "traceId" (the derived trace), "repriced", "exitCycles", "skipped": {"notIo", "unknownForm"}}.',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['mechanism', 'profile', 'db', 'profiles-dir'], lists: ['device'], booleans: ['json'] });
    if (args.positionals.length !== 1) throw new ExitScopeError('ValidationError', `expected one trace id. Usage: ${this.usage}`);
    const ports = parsePortLocations(args.lists.get('device') ?? []);
    const traceId = parseIntArg('trace id', args.positionals[0], 1);
    const mechanisms = parseMechanisms(args.values.get('mechanism'), this.usage);
    const profileId = args.values.get('profile');
    if (!profileId) throw new ExitScopeError('ValidationError', `--profile is required (see \`exitscope profiles\`). Usage: ${this.usage}`);
    const profile = findProfile(loadProfiles({ dir: args.values.get('profiles-dir') }), profileId);
    const db = args.values.get('db') ?? defaultLibraryPath();
    const results = [];
    for (const m of mechanisms) {
      const r = await repriceTrace(db, traceId, m, profile, ports);
      results.push({ sourceTraceId: traceId, mechanism: m, profileId: profile.id, traceId: r.traceId, repriced: r.repriced, exitCycles: r.exitCycles, skipped: r.skipped });
      if (!args.booleans.has('json')) io.out(`trace ${traceId} under ${m} (${profile.id}): ${num(r.repriced)} port-I/O exits re-priced, ${num(r.exitCycles)} cycles in exits ` +
        `(${r.repriced ? (r.exitCycles / r.repriced).toFixed(1) : '-'} per exit); left out: ${num(r.skipped.notIo)} not port I/O, ` +
        `${num(r.skipped.unknownForm)} of unknown form; stored as derived trace ${r.traceId}\n`);
    }
    if (args.booleans.has('json')) io.out(JSON.stringify(results, null, 2) + '\n');
    return 0;
  },
};
