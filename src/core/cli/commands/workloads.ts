// `exitscope workloads [show ID] [--json]`: the workload catalogue — each guest program with
// its builds, devices, parameters (default, range, unit) and results (and how derived results
// are computed).
import { WORKLOADS, getWorkload } from '../../workloads/index';
import type { ParamSpec, WorkloadSpec } from '../../workloads/index';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { renderTable } from '../text-table';

function paramRange(p: ParamSpec): string {
  if (p.kind === 'int') return p.allowed ? p.allowed.join('|') : `${p.min}..${p.max}${p.unit ? ' ' + p.unit : ''}`;
  if (p.kind === 'choice') return p.choices.join('|');
  return `text, at most ${p.capacity} bytes`;
}

function describe(w: WorkloadSpec): string {
  let out = `${w.id}: ${w.title}\n${w.description}\n`;
  out += `builds: native (${w.binaries.native}), paravirtual (${w.binaries.pv}); devices: ${w.devices.join(', ') || 'none'}` +
    `${w.interrupts ? '; interrupt driven' : ''}${w.userPayload ? '; takes a user payload (--user FILE)' : ''}\n\nParameters (--param name=value)\n`;
  out += renderTable([{ header: 'name', align: 'left' }, { header: 'default', align: 'left' }, { header: 'range', align: 'left' }, { header: 'meaning', align: 'left' }],
    w.params.map((p) => [p.name, JSON.stringify(p.default), paramRange(p), p.description]));
  out += '\nResults\n';
  out += renderTable([{ header: 'name', align: 'left' }, { header: 'unit', align: 'left' }, { header: 'meaning', align: 'left' }], [
    ...w.results.map((r) => [r.name, r.unit ?? '', r.description]),
    ...w.derived.map((d) => [d.name, d.unit, d.formula]),
  ]);
  return out;
}

export const workloadsCommand: CliCommand = {
  name: 'workloads',
  summary: 'list the guest workloads, or show one with its parameters and results',
  usage: 'exitscope workloads [show ID] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    const [verb, id] = args.positionals;
    if (verb === 'show') {
      if (!id) throw new ExitScopeError('ValidationError', `workloads show: which workload? Usage: ${this.usage}`);
      let w: WorkloadSpec;
      try {
        w = getWorkload(id);
      } catch (err) {
        throw new ExitScopeError('NotFound', (err as Error).message);
      }
      io.out(args.booleans.has('json') ? JSON.stringify(w, null, 2) + '\n' : describe(w));
      return 0;
    }
    if (verb !== undefined) throw new ExitScopeError('ValidationError', `workloads: unknown verb ${verb}. Usage: ${this.usage}`);
    if (args.booleans.has('json')) io.out(JSON.stringify(WORKLOADS, null, 2) + '\n');
    else io.out(renderTable([{ header: 'id', align: 'left' }, { header: 'title', align: 'left' }, { header: 'devices', align: 'left' }],
      WORKLOADS.map((w) => [w.id, w.title, w.devices.join(', ')])));
    return 0;
  },
};
