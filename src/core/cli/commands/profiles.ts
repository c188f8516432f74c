// `exitscope profiles [--json] [--dir DIR]` lists the CPU profiles (built-in and the user's, from
// <library dir>/profiles or --dir): CPU, clock, exit paths, parameter kinds, how the checks come
// out and where the figures come from. `exitscope profiles show ID` prints every parameter with
// value, kind, role and source, then every check: published vs computed, and whether that was a
// fit, a consistency check or a prediction. Invalid or clashing user files are listed on stderr
// and make the exit code 2 (after printing what did load).
import { findProfile, loadProfiles } from '../../cost/load-profiles';
import type { LoadedProfiles } from '../../cost/load-profiles';
import { profileDetail, sourceText, summarizeProfile } from '../../cost/profile-summary';
import type { CheckResultJson, ProfileDetail, ProfileSummary } from '../../cost/profile-summary';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand, CliIo } from '../command';
import { renderTable } from '../text-table';

const num = (v: number): string => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 3 }));
const clock = (mhz: number | null): string => (mhz === null ? 'not stated' : mhz >= 1000 ? `${num(mhz / 1000)} GHz` : `${num(mhz)} MHz`);
const pct = (d: number): string => `${d >= 0 ? '+' : ''}${(d * 100).toFixed(2)}%`;

function listText(list: ProfileSummary[]): string {
  const table = renderTable(
    [{ header: 'id', align: 'left' }, { header: 'cpu', align: 'left' }, { header: 'clock', align: 'left' }, { header: 'paths', align: 'left' },
      { header: 'measured' }, { header: 'manual' }, { header: 'derived' }, { header: 'assumed' }, { header: 'checks', align: 'left' }, { header: 'from', align: 'left' }],
    list.map((p) => [
      p.id, p.cpu.length > 44 ? p.cpu.slice(0, 43) + '…' : p.cpu, clock(p.clockMhz), p.paths.join(','),
      String(p.kinds.measured), String(p.kinds.manual), String(p.kinds.derived), String(p.kinds.assumed),
      `${p.checks.passed}/${p.checks.total} pass (${p.checks.fit} fit, ${p.checks.consistency} consistency, ${p.checks.prediction} prediction)`,
      p.origin,
    ]),
  );
  const sources = list.map((p) => `  ${p.id}: ${p.sources.join('; ') || 'no fitted figures'}`).join('\n');
  return `${table}\nwhere the fitted figures come from:\n${sources}\n`;
}

function checkLines(c: CheckResultJson): string {
  const want = c.expect === 'within' ? `±${(c.tolerance * 100).toFixed(0)}%` : c.expect;
  return `  ${c.pass ? 'pass' : 'FAIL'}  ${c.id} [${c.basis}${c.fittedParams.length ? `: ${c.fittedParams.join(', ')}` : ''}]\n` +
    `        ${c.what}\n` +
    `        published ${num(c.published)} ${c.unit}, computed ${num(c.computed)} ${c.unit} (${pct(c.deviation)}, expected ${want}); source: ${sourceText(c.source)}\n` +
    `        ${c.derivation}\n`;
}

function detailText(d: ProfileDetail): string {
  let out = `${d.id}: ${d.title}\ncpu: ${d.cpu}\nclock: ${clock(d.clockMhz)} (${d.clock.kind}; ${sourceText(d.clock.source)})\n` +
    (d.era ? `era: ${d.era.vmm}, ${d.era.version ?? 'version not stated'}; fast PIO IN: ${d.era.fastPioIn ? 'yes' : 'no'}; string PIO: ${d.era.stringPio} (${sourceText(d.era.source)})\n` : '') +
    `exit paths: ${d.paths.join(', ')}; guest instructions: ${d.guestCycleTable} clocks; inherits: ${d.inherits.join(', ') || 'nothing'}; from: ${d.origin}\n\n` +
    `${d.description}\n\nparameters (cycles):\n`;
  for (const p of d.parameters) {
    const published = p.published.unit === 'cycles' || p.published.unit === 'ratio' ? '' : ` (${num(p.published.value)} ${p.published.unit})`;
    const role = p.role === 'fit' ? `fit to ${p.fitTo.join(', ')}` : 'not fitted';
    out += `  ${p.id.padEnd(24)} ${num(p.value).padStart(8)}${published}  ${p.kind}, ${role}${p.inheritedFrom ? `, from set ${p.inheritedFrom}` : ''}${p.borrowedFrom ? `; BORROWED from ${p.borrowedFrom}` : ''}\n` +
      `      source: ${sourceText(p.source)}${p.source.fact ? ` [${p.source.fact}]` : ''}: ${p.source.note}\n` +
      (p.derivation ? `      derivation: ${p.derivation}\n` : '');
  }
  out += `\nchecks against published figures:\n${d.checkResults.map(checkLines).join('') || '  none\n'}`;
  return out;
}

function reportProblems(loaded: LoadedProfiles, io: CliIo): number {
  for (const p of loaded.problems) io.err(`profile file ${p.file}: ${p.message}\n`);
  return loaded.problems.length > 0 ? 2 : 0;
}

export const profilesCommand: CliCommand = {
  name: 'profiles',
  summary: 'list the CPU cost profiles, or show one profile\'s parameters, sources and checks',
  usage: 'exitscope profiles [show <id>] [--dir DIR] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['dir'], booleans: ['json'] });
    const loaded = loadProfiles({ dir: args.values.get('dir') });
    const json = args.booleans.has('json');
    const [verb, id, ...extra] = args.positionals;
    if (verb === 'show') {
      if (id === undefined || extra.length > 0) throw new ExitScopeError('ValidationError', `profiles show: expected one profile id. Usage: ${this.usage}`);
      const detail = profileDetail(findProfile(loaded, id));
      io.out(json ? JSON.stringify(detail, null, 2) + '\n' : detailText(detail));
      return reportProblems(loaded, io);
    }
    if (verb !== undefined) throw new ExitScopeError('ValidationError', `profiles: unknown verb ${verb}. Usage: ${this.usage}`);
    const list = loaded.profiles.map((p) => summarizeProfile(p));
    io.out(json ? JSON.stringify({ profiles: list, problems: loaded.problems, userDir: loaded.userDir }, null, 2) + '\n' : listText(list));
    return reportProblems(loaded, io);
  },
};
