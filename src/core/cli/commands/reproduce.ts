// `exitscope reproduce [--json]`: prints each published table with ExitScope's figure, the
// deviation and the basis of the row, fits, consistency checks and predictions (prediction,
// leave-one-out, guest runs of unfitted figures) apart; exits 1 if any row is outside its
// tolerance.
import { reproduceTables } from '../../vmm/reproduce';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { renderTable } from '../text-table';
import type { ReproduceRow } from '../../vmm/reproduce';

const GROUPS: { title: string; has: (r: ReproduceRow) => boolean }[] = [
  { title: 'fits (the figure set a parameter: reproducing it proves the arithmetic)', has: (r) => r.basis === 'fit' },
  { title: 'consistency checks (the source\'s own arithmetic on fitted figures)', has: (r) => r.basis === 'consistency' },
  { title: 'predictions (no parameter was set from the figure: these can fail)', has: (r) => r.basis !== 'fit' && r.basis !== 'consistency' },
];

const fmt = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(3));

export const reproduceCommand: CliCommand = {
  name: 'reproduce',
  summary: 'reproduce the published cost tables and show the deviation of each figure',
  usage: 'exitscope reproduce [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    const rows = await reproduceTables();
    if (args.booleans.has('json')) io.out(JSON.stringify(rows, null, 2) + '\n');
    else {
      for (const table of [...new Set(rows.map((r) => r.table))]) {
        io.out(`\n${table}\n`);
        for (const g of GROUPS) {
          const group = rows.filter((r) => r.table === table && g.has(r));
          if (group.length === 0) continue;
          io.out(`  ${g.title}\n`);
          io.out(renderTable(
            [{ header: 'figure', align: 'left' }, { header: 'published' }, { header: 'exitscope' }, { header: 'unit', align: 'left' },
              { header: 'deviation' }, { header: 'expected', align: 'left' }, { header: 'basis', align: 'left' }, { header: 'ok', align: 'left' }],
            group.map((r) => [
              r.what, fmt(r.published), fmt(r.exitscope), r.unit, `${(100 * r.deviation).toFixed(2)}%`,
              r.expect === 'within' ? `±${(100 * r.tolerance).toFixed(0)}%` : r.expect, r.basis, r.pass ? 'yes' : 'NO',
            ]),
          ));
        }
      }
      const failed = rows.filter((r) => !r.pass).length;
      io.out(`\n${rows.length - failed} passed, ${failed} failed\n`);
    }
    return rows.every((r) => r.pass) ? 0 : 1;
  },
};
