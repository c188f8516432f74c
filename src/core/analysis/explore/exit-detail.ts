// Everything known about one exit, for the exit detail: every column of the exits_priced view,
// the instruction bytes and their disassembly (cpu/disasm.ts, decoding as 32-bit protected-mode
// code: the emulated guest's mode; a 64-bit guest's bytes of an import may decode differently,
// which the detail says), what the hardware or fault reported decoded field by field, the
// decoder's step counts, every cost component with the profile parameters behind it (the exit
// priced again with priceExit under the run's profile, as the run view does for a form's first
// exit), and the neighbouring exits on the same vCPU.
import type { ExitDetail, ExitTableRow } from '../../../shared/explore';
import type { Profile } from '../../cost/index';
import { COMPONENTS } from '../../cost/index';
import { disassemble } from '../../cpu/disasm';
import { decodeInsn } from '../../cpu/decoder';
import { I386_CYCLES } from '../../cpu/cycles';
import { ExitScopeError } from '../../errors';
import { ensureExploreIndex } from '../../trace/store/explore-index';
import type { Db } from '../../trace/store/open-trace-db';
import { parseRunMeta } from '../run-meta';
import { componentSources, SOURCES_DERIVATION } from '../sources';
import { ROW_COLS, ROWS_FROM, toTableRow } from './exit-rows';
import type { ExitDbRow } from './exit-rows';
import { reportedFields } from './reported-fields';

export const NEIGHBOURS = 5;
const STEP_COLS = ['step_bytes', 'step_prefixes', 'step_branches', 'step_table_lookups', 'step_page_walks', 'step_walk_levels', 'step_tlb_hits'];

type Row = Record<string, number | string | Uint8Array | null>;

const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

export function disassembleBytes(bytes: Uint8Array, rip: number | null): { text: string; length: number } {
  const eip = rip === null ? 0 : Number(BigInt.asUintN(32, BigInt(rip)));
  const insn = decodeInsn((k) => (k < bytes.length ? bytes[k]! : 0), eip, true, I386_CYCLES);
  const d = disassemble(insn);
  return { text: d.operands === '' ? d.mnemonic : `${d.mnemonic} ${d.operands}`, length: insn.len };
}

/** The exits just before and after `seq` on the same vCPU (its kinds), nearest first in `before`'s reverse. */
function neighbours(db: Db, traceId: number, seq: number, vcpu: number, blockSeqs: number): { before: ExitTableRow[]; after: ExitTableRow[] } {
  const kinds = (db.prepare('SELECT kind FROM exit_kinds WHERE trace_id = ? AND vcpu = ?').all(traceId, vcpu) as { kind: number }[]).map((r) => r.kind);
  const inKinds = `+r.kind IN (${kinds.join(',')})`;
  // Widen a seq window until enough neighbours are found or the trace's end is reached; the
  // primary key bounds each read to the window.
  const side = (dir: 'before' | 'after'): ExitTableRow[] => {
    const bound = db.prepare(`SELECT ${dir === 'before' ? 'MIN' : 'MAX'}(seq) AS s FROM exit_rows WHERE trace_id = ?`).get(traceId) as { s: number };
    let width = blockSeqs;
    for (;;) {
      const lo = dir === 'before' ? seq - width : seq + 1;
      const hi = dir === 'before' ? seq - 1 : seq + width;
      const rows = db.prepare(`SELECT ${ROW_COLS} FROM ${ROWS_FROM} WHERE r.trace_id = ? AND r.seq BETWEEN ? AND ? AND ${inKinds}
        ORDER BY r.seq ${dir === 'before' ? 'DESC' : 'ASC'} LIMIT ${NEIGHBOURS}`).all(traceId, lo, hi) as ExitDbRow[];
      const done = dir === 'before' ? lo <= bound.s : hi >= bound.s;
      if (rows.length === NEIGHBOURS || done) return rows.map(toTableRow);
      width *= 8;
    }
  };
  return { before: side('before').reverse(), after: side('after') };
}

export function exitDetail(db: Db, traceId: number, seq: number, profileOf: (id: string) => Profile | null): ExitDetail {
  const trace = db.prepare('SELECT kind, meta_json FROM traces WHERE id = ?').get(traceId) as { kind: string; meta_json: string } | undefined;
  if (!trace) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const row = db.prepare('SELECT * FROM exits_priced WHERE trace_id = ? AND seq = ?').get(traceId, seq) as Row | undefined;
  if (!row) throw new ExitScopeError('NotFound', `trace ${traceId} has no exit with seq ${seq}`);
  const meta = ensureExploreIndex(db, traceId);
  const fields: Record<string, number | string | null> = {};
  for (const [k, v] of Object.entries(row)) fields[k] = v instanceof Uint8Array ? hexBytes(v) : v;
  const num = (k: string): number | null => (typeof row[k] === 'number' ? (row[k] as number) : null);
  const str = (k: string): string | null => (typeof row[k] === 'string' ? (row[k] as string) : null);

  const bytes = row.insn_bytes instanceof Uint8Array ? row.insn_bytes : null;
  let instruction: ExitDetail['instruction'] = null;
  if (bytes !== null && bytes.length > 0) {
    const d = disassembleBytes(bytes, num('rip'));
    const imported = trace.kind === 'imported';
    instruction = {
      bytes: hexBytes(bytes), text: d.text,
      decodedAs: `decoded by ExitScope's i386 disassembler as 32-bit protected-mode code (${d.length} of ${bytes.length} bytes)` +
        (imported ? '; the guest of an import may run 64-bit code, whose REX prefixes (0x40-0x4f) an i386 decodes as inc/dec' : ''),
    };
  }
  const reported = reportedFields({ reason: str('reason') ?? '', isa: str('isa'), mechanism: str('mechanism'), info1: str('info1'), info2: str('info2'), errorCode: num('error_code') });
  const steps = num('step_bytes') === null ? null : STEP_COLS.map((c) => ({ name: c.replace(/^step_/, '').replace(/_/g, ' '), value: num(c) ?? 0 }));

  const runMeta = parseRunMeta(trace.meta_json);
  const priced = num('cost_total') !== null;
  let costs: ExitDetail['costs'] = null;
  let costsDerivation = 'this exit has no priced cost (an imported exit carries its measured latency instead)';
  if (priced) {
    const profile = runMeta.profileId === null ? null : profileOf(runMeta.profileId);
    const sources = profile === null ? [] : componentSources({
      formId: num('form_id'), mechanism: str('mechanism'), port: num('port'), count: num('count'), deviceLocation: str('device_location'),
      stepBytes: num('step_bytes'), stepPrefixes: num('step_prefixes'), stepBranches: num('step_branches'),
      stepTableLookups: num('step_table_lookups'), stepWalkLevels: num('step_walk_levels'), stepTlbHits: num('step_tlb_hits'), costTotal: num('cost_total'),
    }, profile, runMeta.mechanism);
    costs = COMPONENTS.map((component) => ({ component, cycles: num(`cost_${component}`), source: sources.find((s) => s.component === component) ?? null }));
    costsDerivation = profile === null
      ? `stored cycles per component; profile ${runMeta.profileId ?? '(none named in the trace)'} is not loaded here, so no parameter sources`
      : `stored cycles per component (from ${profile.id} when the run was stored); sources: this exit ${SOURCES_DERIVATION.replace(/^each form\u2019s first stored exit /, '')}`;
  }
  return {
    traceId, traceKind: trace.kind, seq, fields, instruction, reported, steps, costs, costsDerivation,
    line: num('line'),
    neighbours: neighbours(db, traceId, seq, num('vcpu') ?? 0, meta.blockSeqs),
  };
}
