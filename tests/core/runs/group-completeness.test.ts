// A run group records the mechanisms it was asked for, so one cut short — cancelled during its
// first mechanism, the later ones never run — is reported incomplete: by the savings figures
// the app shows and by `exitscope traces show` / `traces savings`.
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/core/runs/execute-run';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import { savingsOf } from '../../../src/core/cli/format-savings';
import { groupCompleteness } from '../../../src/core/analysis/group-completeness';
import { exitscope } from '../../helpers/cli-process';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();

describe('groupCompleteness', () => {
  const run = (mechanism: string, status = 'complete', groupMechanisms: string[] | null = ['trap', 'vmx', 'hypercall']) => ({ status, meta: { mechanism, groupMechanisms } });

  it('names the mechanisms with no stored run and those cancelled part-way', () => {
    expect(groupCompleteness([run('trap'), run('vmx'), run('hypercall')])).toEqual({ requested: ['trap', 'vmx', 'hypercall'], missing: [], partial: [], complete: true });
    expect(groupCompleteness([run('trap'), run('vmx', 'cancelled')])).toEqual({ requested: ['trap', 'vmx', 'hypercall'], missing: ['hypercall'], partial: ['vmx'], complete: false });
  });

  it('says unknown for runs stored before the request was recorded', () => {
    expect(groupCompleteness([run('trap', 'complete', null)])).toEqual({ requested: null, missing: [], partial: [], complete: null });
  });
});

describe('an incomplete run group', () => {
  it('is reported by the savings figures and by the CLI', async () => {
    const db = tempPath() + '.exitscope';
    const ctl = new AbortController();
    const out = await executeRun({ dbPath: db, workload: 'outl_to_kernel', mechanisms: ['vmx', 'hypercall'], profileId: 'kvm-2012', params: { iterations: 5_000_000 } },
      { signal: ctl.signal, onProgress: (p) => { if (p.exits > 0) ctl.abort(); } });
    expect(out.runs.map((r) => r.status)).toEqual(['cancelled']);
    const traceId = out.runs[0]!.traceId;
    const handle = openTraceDb(db, { create: false, readonly: true });
    try {
      expect(savingsOf(handle, { traceId }).completeness).toEqual({ requested: ['vmx', 'hypercall'], missing: ['hypercall'], partial: ['vmx'], complete: false });
    } finally {
      handle.close();
    }
    const show = exitscope(['traces', 'show', String(traceId), '--db', db]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain(`\nrun group ${out.runGroup} (traces ${traceId}): INCOMPLETE: asked for vmx, hypercall; no stored run for hypercall; vmx stopped part-way (cancelled)\n`);
    const json = JSON.parse(exitscope(['traces', 'show', String(traceId), '--db', db, '--json']).stdout) as { runGroup: { completeness: { complete: boolean } } };
    expect(json.runGroup.completeness.complete).toBe(false);
    expect(exitscope(['traces', 'savings', String(traceId), '--db', db]).stdout).toContain('run group INCOMPLETE: asked for vmx, hypercall');
  }, 120_000);
});
