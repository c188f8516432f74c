// abi.ts mirrors asm/kernel/abi.inc: parse the include's "NAME equ VALUE" lines and compare
// every number the TypeScript side relies on.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as abi from '../../../src/core/workloads/abi';
import { ASM_DIR } from './tools';

function parseEqu(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_0-9]+)\s+equ\s+([^;]+)/.exec(line);
    if (!m) continue;
    const expr = m[2].trim();
    const resolved = expr.replace(/\b[A-Z_][A-Z_0-9]*\b/g, (name) => {
      const v = out.get(name);
      if (v === undefined) throw new Error(`abi.inc: ${name} used before its definition`);
      return String(v);
    });
    if (!/^[0-9a-fx+\-*() ]+$/i.test(resolved)) throw new Error(`abi.inc: cannot evaluate ${expr}`);
    out.set(m[1], Function(`return (${resolved});`)() as number);
  }
  return out;
}

const inc = parseEqu(readFileSync(join(ASM_DIR, 'kernel/abi.inc'), 'utf8'));
const get = (name: string): number => {
  const v = inc.get(name);
  if (v === undefined) throw new Error(`abi.inc has no ${name}`);
  return v;
};

describe('guest ABI constants', () => {
  it('places the image and the user payload where abi.ts says', () => {
    expect(get('LOAD_ADDR')).toBe(abi.LOAD_ADDRESS);
    expect(get('USER_BASE')).toBe(abi.USER_BASE);
    expect(get('USER_SIZE')).toBe(abi.USER_SIZE);
    expect(get('MAP_SIZE')).toBe(abi.MAP_SIZE);
    expect(get('LOW_SCRATCH')).toBe(abi.LOW_SCRATCH);
    expect(get('HDR_MAGIC_VALUE')).toBe(abi.HEADER_MAGIC);
    expect(get('ABI_VERSION')).toBe(abi.ABI_VERSION);
    expect(get('HDR_SIZE')).toBe(abi.HEADER_SIZE);
  });

  it('agrees on the header, parameter and result offsets', () => {
    const hdr: Record<keyof typeof abi.HDR, string> = {
      magic: 'HDR_MAGIC', version: 'HDR_VERSION', headerSize: 'HDR_SIZE_F', flags: 'HDR_FLAGS', loadAddress: 'HDR_LOAD',
      entry: 'HDR_ENTRY', paramsOffset: 'HDR_PARAMS', paramsSize: 'HDR_PARAMS_SIZE', resultsOffset: 'HDR_RESULTS',
      resultsSize: 'HDR_RESULTS_SIZE', textEnd: 'HDR_TEXT_END', imageEnd: 'HDR_IMAGE_END', variantOffset: 'HDR_VARIANT',
      variantSize: 'HDR_VARIANT_SIZE', opsOffset: 'HDR_OPS', minRam: 'HDR_MIN_RAM', userBase: 'HDR_USER_BASE', id: 'HDR_ID',
    };
    for (const [k, name] of Object.entries(hdr)) expect(get(name), k).toBe(abi.HDR[k as keyof typeof abi.HDR]);
    const p: Record<keyof typeof abi.P, string> = { cpl: 'P_CPL', iopl: 'P_IOPL', ioBitmap: 'P_IOBITMAP', iterations: 'P_ITERATIONS', pollLimit: 'P_POLL_LIMIT', ring: 'P_RING' };
    for (const [k, name] of Object.entries(p)) expect(get(name), k).toBe(abi.P[k as keyof typeof abi.P]);
    expect(get('P_WL')).toBe(abi.P_WL);
    const r: Record<keyof typeof abi.R, string> = {
      status: 'R_STATUS', error: 'R_ERROR', excVector: 'R_EXC_VECTOR', excError: 'R_EXC_ERROR', excEip: 'R_EXC_EIP', excCs: 'R_EXC_CS',
      excCr2: 'R_EXC_CR2', excEflags: 'R_EXC_EFLAGS', tscStart: 'R_TSC_START', tscEnd: 'R_TSC_END', done: 'R_DONE', irqs: 'R_IRQS',
      stage: 'R_STAGE', failAt: 'R_FAIL_AT',
    };
    for (const [k, name] of Object.entries(r)) expect(get(name), k).toBe(abi.R[k as keyof typeof abi.R]);
    expect(get('R_WL')).toBe(abi.R_WL);
  });

  it('agrees on flags, statuses, errors, hypercalls and the ops table', () => {
    expect([get('IMG_PARAVIRT'), get('IMG_INTERRUPTS'), get('IMG_USER')]).toEqual([abi.IMG_PARAVIRT, abi.IMG_INTERRUPTS, abi.IMG_USER]);
    expect([get('IOBM_ALLOW'), get('IOBM_DENY'), get('IOBM_NONE')]).toEqual([0, 1, 2]);
    expect(abi.IO_BITMAP_POLICIES).toEqual(['allow', 'deny', 'none']);
    expect([get('ST_RUNNING'), get('ST_DONE'), get('ST_EXCEPTION')]).toEqual([0, 1, 2]);
    expect(abi.STATUS_NAMES).toEqual(['running', 'done', 'exception']);
    expect([get('ERR_OK'), get('ERR_PARAM'), get('ERR_TIMEOUT'), get('ERR_DEVICE')]).toEqual([0, 1, 2, 3]);
    expect(abi.ERROR_NAMES.length).toBe(4);
    expect([get('STAGE_BOOT'), get('STAGE_PAGING'), get('STAGE_DRIVER'), get('STAGE_EXIT')]).toEqual([1, 2, 3, 4]);
    expect(abi.STAGE_NAMES.length).toBe(5);
    for (const [k, v] of Object.entries(abi.HC)) expect(get(`HC_${k}`), k).toBe(v);
    expect(get('HC_EINVAL')).toBe(abi.HC_EINVAL);
    expect(get('HC_EPERM')).toBe(abi.HC_EPERM);
    expect([get('RING_AVAIL'), get('RING_USED'), get('RING_DESCS'), get('RING_ENTRIES'), get('RING_DESC')])
      .toEqual([abi.RING.avail, abi.RING.used, abi.RING.descs, abi.RING.entries, abi.RING.descBytes]);
    for (const [k, v] of Object.entries(abi.RD)) expect(get(`RD_${k.toUpperCase()}`), k).toBe(v);
    expect(get('RING_BYTES')).toBe(abi.RING_BYTES);
    expect(get('BATCH_ENTRY')).toBe(abi.BATCH_ENTRY_BYTES);
    expect(get('OP_COUNT')).toBe(abi.OPS.length);
    expect(get('OP_SLOT')).toBe(abi.OP_SLOT_BYTES);
    abi.OPS.forEach((name, i) => expect(get(`OP_${name.toUpperCase()}`), name).toBe(i));
  });
});
