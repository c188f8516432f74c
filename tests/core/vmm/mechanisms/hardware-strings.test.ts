// String forms under VT-x / AMD-V, from real guest runs (a `user` payload assembled with nasm),
// in the `page-chunks` string-PIO model (one exit per instruction; KVM's own per-exit behaviour
// is tested in ../kvm-string-pio.test.ts): the element count honours (E)CX by address size, the
// buffer moves down with DF = 1, a REP with ECX = 0 does not exit, the buffer is walked once per
// page it touches and split at page boundaries (a userspace device is visited once per 1024
// bytes of each page chunk), and the profile's string-I/O policy chooses between a full decode
// and the instruction-information field (no fetch, no decode).
import { describe, expect, it } from 'vitest';
import type { Profile, StringIoMode, StringPioModel } from '../../../../src/core/cost/index';
import { Machine } from '../../../../src/core/machine/machine';
import { pcPlatformConfig } from '../../../../src/core/machine/platform-config';
import type { ExitRecord } from '../../../../src/core/trace/exit-record';
import { CodeTranslationCache } from '../../../../src/core/vmm/fetch-cache';
import { IoDecoder } from '../../../../src/core/vmm/io-decoder';
import type { MechanismContext } from '../../../../src/core/vmm/mechanisms/context';
import { stringSplit } from '../../../../src/core/vmm/mechanisms/guest-io';
import { ExitRecorder } from '../../../../src/core/vmm/mechanisms/recorder';
import { vmxMechanism } from '../../../../src/core/vmm/mechanisms/vmx';
import { prepareWorkload } from '../../../../src/core/workloads/prepare';
import { assemblePayload, toolAvailable } from '../../workloads/tools';
import { profile } from './run-helper';

const kvm = profile('kvm-2012');
const v = (id: string): number => kvm.params.get(id as never)!.value;
const DEBUGCON = 0xe9; // a userspace device model

/** The string exits at the debug console of one payload run under vmx (kvm-2012's figures),
 * in the page-chunks model. */
async function stringExits(body: string): Promise<ExitRecord[]> {
  return withPolicy('decode', body, kvm, 'page-chunks');
}

describe('page chunks of a string op (stringSplit)', () => {
  it('splits at page boundaries in the direction moved', () => {
    expect(stringSplit(0x1000, 0, 2, false)).toEqual({ chunks: 0, userspaceTrips: 0 });
    expect(stringSplit(0x1800, 512, 2, false)).toEqual({ chunks: 1, userspaceTrips: 1 });
    expect(stringSplit(0x1ffc, 8, 1, false)).toEqual({ chunks: 2, userspaceTrips: 2 });
    expect(stringSplit(0x2002, 4, 2, true)).toEqual({ chunks: 2, userspaceTrips: 2 }); // 0x2002, 0x2000 | 0x1ffe, 0x1ffc
    expect(stringSplit(0x1000, 3 * 1024, 4, false)).toEqual({ chunks: 3, userspaceTrips: 12 }); // 3 whole pages, 4 trips each
    expect(stringSplit(0x1ffe, 3, 4, false)).toEqual({ chunks: 2, userspaceTrips: 2 }); // a straddling element stays with its first byte
    expect(stringSplit(0x1ff0, 0x4000_0000, 4, false).chunks).toBe(1 + 0x4000_0000 / 1024);
  });
});

describe.skipIf(!toolAvailable('nasm'))('string forms under vmx, from a guest', () => {
  it('a buffer straddling a page: two page walks and one userspace trip per page chunk', async () => {
    const [inside] = await stringExits('    mov esi, 0x400800\n    mov edx, 0xe9\n    mov ecx, 8\n    rep outsb');
    const [across] = await stringExits('    mov esi, 0x400ffc\n    mov edx, 0xe9\n    mov ecx, 8\n    rep outsb');
    for (const e of [inside!, across!]) expect(e).toMatchObject({ port: DEBUGCON, count: 8, addrSize: 32, segment: 'ds', emulated: true });
    expect(across!.bufferAddr).toBe(0x400ffc);
    expect(inside!.costUserspace).toBe(v('userspace.roundTrip'));
    expect(across!.costUserspace).toBe(2 * v('userspace.roundTrip'));
    // PAE: 3 page-table levels per page touched
    expect(across!.costEmulate! - inside!.costEmulate!).toBe(3 * v('fetch.walkLevel'));
  });

  it('DF = 1: the buffer moves down from ES:EDI, across the page below', async () => {
    const [e] = await stringExits('    mov edi, 0x401002\n    mov edx, 0xe9\n    mov ecx, 4\n    std\n    rep insw\n    cld');
    expect(e).toMatchObject({ direction: 'in', size: 2, count: 4, bufferAddr: 0x401002, segment: 'es' });
    expect(e!.costUserspace).toBe(2 * v('userspace.roundTrip')); // 0x401002, 0x401000 | 0x400ffe, 0x400ffc
  });

  it('ECX = 0: a REP string op moves nothing and does not exit', async () => {
    const exits = await stringExits('    mov esi, 0x400800\n    mov edx, 0xe9\n    xor ecx, ecx\n    rep outsb\n    mov ecx, 2\n    rep outsb');
    expect(exits.map((e) => e.count)).toEqual([2]);
  });

  it('16-bit address size: CX counts, SI/DI are 16-bit offsets', async () => {
    const [e] = await stringExits(`    mov esi, 0xffff0000 + LOW_SCRATCH\n    mov edx, 0xe9\n    mov ecx, 0x10003\n    a16 rep outsb`);
    expect(e).toMatchObject({ count: 3, addrSize: 16, bufferAddr: 0x7000, segment: 'ds' });
    expect(Array.from(e!.insnBytes!)).toEqual([0xf3, 0x67, 0x6e]);
  });
});

/** Runs a payload under vmx with the given string-I/O policy (the context run-mechanism builds,
 * with stringIo set as the profile's policy asks). */
async function withPolicy(mode: StringIoMode, body: string, p: Profile = kvm, stringPio: StringPioModel = 'page-chunks'): Promise<ExitRecord[]> {
  const exits: ExitRecord[] = [];
  const prepared = prepareWorkload('user', 'native', { params: { iterations: 1 }, user: assemblePayload(`${body}\n    ret`) });
  const recorder = new ExitRecorder(p, 1e9, { push: (e) => exits.push(e) });
  const ctx: MechanismContext = { recorder, decoder: new IoDecoder(new CodeTranslationCache()), decodeNonStringIn: false, stringIo: mode, stringPio, machine: null, reflected: new Map() };
  const m = new Machine({ platform: pcPlatformConfig(1e9), image: prepared.image, user: prepared.user?.bytes, hooks: vmxMechanism.hooks(ctx), onPortAccess: recorder.onPortAccess });
  ctx.machine = m;
  recorder.attach(m.cpu, m.platform.bus);
  const stop = await m.run({ maxInstructions: 1_000_000 });
  recorder.finish();
  expect(stop.kind).toBe('done');
  return exits.filter((e) => e.isString);
}

describe.skipIf(!toolAvailable('nasm'))('the string-I/O policy (profile stringIo)', () => {
  const body = '    mov esi, 0x400ffc\n    mov edx, 0xe9\n    mov ecx, 8\n    fs rep outsb';
  it('every shipped hardware profile decodes (KVM and Xen emulate string PIO)', () => {
    for (const id of ['kvm-2012', 'kvm-nested-2019', 'nehalem-2011', 'skylake-sp-2020', 'eibrs-2022', 'k8-xen']) {
      expect(profile(id).stringIo.mode, id).toBe('decode');
      expect(profile(id).stringIo.source?.note, id).toBeTruthy();
    }
    expect(profile('p4-2007').stringIo).toEqual({ mode: 'decode', source: null });
  });

  it('instruction-info: same operation, segment and address size, no fetch and no decode', async () => {
    const [decoded] = await withPolicy('decode', body);
    const [info] = await withPolicy('instruction-info', body);
    expect(decoded).toMatchObject({ segment: 'fs', addrSize: 32, count: 8, emulated: true });
    expect(decoded!.costFetch! + decoded!.costDecode!).toBeGreaterThan(0);
    expect(info).toMatchObject({ segment: 'fs', addrSize: 32, count: 8, bufferAddr: 0x400ffc, emulated: false, insnBytes: null, stepBytes: null, costFetch: 0, costDecode: 0 });
    // the buffer work stays: the same walks and per-chunk userspace trips
    expect(info!.costEmulate).toBe(decoded!.costEmulate);
    expect(info!.costUserspace).toBe(2 * v('userspace.roundTrip'));
  });
});
