// Catalogue integrity: both builds of every workload exist and parse, the catalogue's layout
// matches each image (defaults read back from the image equal the declared defaults),
// parameters patch and round-trip, bad values are rejected naming the parameter, and result
// blocks decode.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILDS, HDR, LOAD_ADDRESS, MAP_SIZE, P_WL, R, R_WL, USER_BASE, WORKLOADS, decodePciFunctions, decodeResults, defaultParams,
  getWorkload, loadWorkloadImage, patchParams, prepareWorkload, readHeader, readParams, resolveParams, ImageError, ParamError,
} from '../../../src/core/workloads/index';
import { ASM_DIR, BIN_DIR } from './tools';

describe('workload catalogue', () => {
  it('lists one workload per source file, ids unique, each with both builds on disk', () => {
    const ids = WORKLOADS.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sources = readdirSync(ASM_DIR).filter((f) => f.endsWith('.asm')).map((f) => f.slice(0, -4));
    expect([...ids].sort()).toEqual(sources.sort());
    for (const w of WORKLOADS) for (const b of BUILDS) expect(existsSync(join(BIN_DIR, w.binaries[b])), w.binaries[b]).toBe(true);
  });

  it('covers the issue\'s workload list', () => {
    for (const id of ['vmcall', 'outl_to_kernel', 'inl_from_kernel', 'inl_from_qemu', 'inl_from_pmtimer', 'serial_polled', 'serial_irq',
      'ne2000_tx', 'ne2000_rx', 'ne2000_pingpong', 'ata_read', 'ata_write', 'pci_scan', 'pit_timer', 'io_forms', 'user']) {
      expect(getWorkload(id).id).toBe(id);
    }
    expect(() => getWorkload('nope')).toThrow(/unknown workload "nope"/);
  });

  for (const w of WORKLOADS) {
    describe(w.id, () => {
      for (const build of BUILDS) {
        it(`${build} header matches the catalogue`, () => {
          const image = loadWorkloadImage(w.id, build);
          const h = readHeader(image);
          expect(h.id).toBe(w.id);
          expect(h.loadAddress).toBe(LOAD_ADDRESS);
          expect(h.paravirt).toBe(build === 'pv');
          expect(h.interrupts).toBe(w.interrupts);
          expect(h.user).toBe(w.userPayload);
          expect(h.userBase).toBe(w.userPayload ? USER_BASE : 0);
          expect(h.paramsSize).toBe(w.paramsSize);
          expect(h.resultsSize).toBe(w.resultsSize);
          expect(h.paramsOffset).toBe(h.textEnd);
          expect(h.resultsOffset).toBeGreaterThanOrEqual(h.paramsOffset + h.paramsSize);
          expect(h.minRam).toBe(MAP_SIZE);
          expect(LOAD_ADDRESS + h.imageEnd).toBeLessThanOrEqual(MAP_SIZE);
          if (w.userPayload) expect(LOAD_ADDRESS + h.imageEnd).toBeLessThanOrEqual(USER_BASE);
        });

        it(`${build} image holds the declared defaults at the declared offsets`, () => {
          const image = loadWorkloadImage(w.id, build);
          expect(readParams(w, image)).toEqual(defaultParams(w));
        });
      }

      it('patches parameters and reads them back', () => {
        const image = loadWorkloadImage(w.id, 'native');
        const changed: Record<string, number | string> = {};
        for (const p of w.params) {
          if (p.kind === 'int') changed[p.name] = p.allowed ? p.allowed[p.allowed.length - 1] : p.min === p.default ? p.max : p.min;
          else if (p.kind === 'choice') changed[p.name] = p.choices[p.choices.length - 1];
          else changed[p.name] = 'x'.repeat(p.capacity);
        }
        if (w.check && w.check(changed) !== null) {
          // keep the cross-parameter rules satisfied: fall back to defaults for what they name
          for (const name of ['base', 'frameLen', 'window']) if (name in changed) changed[name] = defaultParams(w)[name];
        }
        const patched = patchParams(w, image, changed);
        expect(readParams(w, patched)).toEqual(resolveParams(w, changed));
        expect(readParams(w, image)).toEqual(defaultParams(w));
        // only the parameter block changed
        const h = readHeader(image);
        for (let i = 0; i < image.length; i++) {
          if (i >= h.paramsOffset && i < h.paramsOffset + h.paramsSize) continue;
          if (patched[i] !== image[i]) throw new Error(`byte 0x${i.toString(16)} outside the parameter block changed`);
        }
      });

      it('rejects bad values naming the parameter', () => {
        const image = loadWorkloadImage(w.id, 'pv');
        expect(() => patchParams(w, image, { iterations: 0 })).toThrow(new RegExp(`^${w.id}: iterations must be an integer from 1 to`));
        expect(() => patchParams(w, image, { cpl: 4 })).toThrow(/cpl must be an integer from 0 to 3 \(got 4\)/);
        expect(() => patchParams(w, image, { ioBitmap: 'sometimes' })).toThrow(/ioBitmap must be one of allow, deny, none/);
        expect(() => patchParams(w, image, { iteration: 5 })).toThrow(/iteration is not a parameter of this workload/);
        expect(() => patchParams(w, image, { iterations: 2.5 })).toThrow(ParamError);
      });

      it('decodes a finished result block and its derived values', () => {
        const bytes = new Uint8Array(w.resultsSize);
        const v = new DataView(bytes.buffer);
        v.setUint32(R.status, 1, true);
        v.setUint32(R.tscStart, 1000, true);
        v.setUint32(R.tscEnd, 0, true);
        v.setUint32(R.tscEnd + 4, 1, true); // 2^32
        v.setUint32(R.done, 10, true);
        for (const f of w.results) if (f.kind === 'u32') v.setUint32(f.offset, 10, true);
        const d = decodeResults(w, bytes, { params: defaultParams(w), cpuHz: 1e9 });
        expect(d.status).toBe('done');
        expect(d.errorName).toBe('ok');
        expect(d.cycles).toBe(2 ** 32 - 1000);
        expect(d.fields.done).toBe(10);
        for (const f of w.results) expect(d.fields[f.name], f.name).toBeDefined();
        for (const x of w.derived) expect(typeof d.derived[x.name], x.name).toBe('number');
        const zero = decodeResults(w, new Uint8Array(w.resultsSize), { params: defaultParams(w), cpuHz: 1e9 });
        expect(zero.status).toBe('running');
        for (const x of w.derived) expect(zero.derived[x.name]).toBeNull();
      });
    });
  }

  it('reports a guest exception with its vector, error code and EIP', () => {
    const w = getWorkload('vmcall');
    const bytes = new Uint8Array(w.resultsSize);
    const v = new DataView(bytes.buffer);
    v.setUint32(R.status, 2, true);
    v.setUint32(R.excVector, 13, true);
    v.setUint32(R.excError, 0, true);
    v.setUint32(R.excEip, 0x100abc, true);
    v.setUint32(R.stage, 3, true);
    const d = decodeResults(w, bytes, { params: defaultParams(w), cpuHz: 1e9 });
    expect(d.status).toBe('exception');
    expect(d.stage).toBe('driver');
    expect(d.exception).toMatchObject({ vector: 13, errorCode: 0, eip: 0x100abc });
  });

  it('validates cross-parameter rules with the parameters named', () => {
    const rx = getWorkload('ne2000_rx');
    expect(() => resolveParams(rx, { window: 10, frameLen: 1514 })).toThrow(/window x pages per frame must fit the 52-page receive ring: window 10 x 6 pages/);
    expect(() => resolveParams(getWorkload('ne2000_tx'), { base: 0x310 })).toThrow(/base must be 32-byte aligned/);
    expect(() => resolveParams(getWorkload('outl_to_kernel'), { width: 3 })).toThrow(/width must be one of 1, 2, 4 \(got 3\)/);
    expect(() => resolveParams(getWorkload('serial_polled'), { text: '' })).toThrow(/text must be 1 to 256 characters/);
    expect(() => resolveParams(getWorkload('serial_polled'), { text: 'π' })).toThrow(/text must be latin1/);
  });

  it('writes text parameters with their length', () => {
    const w = getWorkload('serial_irq');
    const image = patchParams(w, loadWorkloadImage(w.id, 'native'), { text: 'hi\n' });
    expect(readParams(w, image).text).toBe('hi\n');
    const h = readHeader(image);
    const v = new DataView(image.buffer, image.byteOffset);
    expect(v.getUint32(h.paramsOffset + P_WL + 0x0c, true)).toBe(3);
  });

  it('decodes the PCI function list', () => {
    const bytes = new Uint8Array(getWorkload('pci_scan').resultsSize);
    const v = new DataView(bytes.buffer);
    v.setUint32(R_WL, 1, true);
    v.setUint32(R_WL + 8, (3 << 11) | (1 << 8), true);
    v.setUint32(R_WL + 12, 0x802910ec, true);
    v.setUint32(R_WL + 16, 0x02000001, true);
    expect(decodePciFunctions(bytes)).toEqual([{ bus: 0, device: 3, fn: 1, vendorId: 0x10ec, deviceId: 0x8029, classCode: 0x020000, revision: 1 }]);
  });

  it('rejects damaged images with a reason', () => {
    const image = loadWorkloadImage('vmcall', 'native');
    expect(() => readHeader(image.subarray(0, 10))).toThrow(/too short/);
    const bad = image.slice();
    bad[0] ^= 0xff;
    expect(() => readHeader(bad)).toThrow(ImageError);
    const v2 = image.slice();
    new DataView(v2.buffer).setUint16(HDR.version, 99, true);
    expect(() => readHeader(v2)).toThrow(/unsupported guest ABI version 99/);
    expect(() => patchParams(getWorkload('pci_scan'), image, {})).toThrow(/image is for workload "vmcall"/);
  });
});

describe('prepareWorkload', () => {
  it('patches the parameters and says where everything goes', () => {
    const p = prepareWorkload('ne2000_pingpong', 'pv', { params: { iterations: 7 } });
    expect(p.params.iterations).toBe(7);
    expect(p.params.frameLen).toBe(60);
    expect(p.header.paravirt).toBe(true);
    expect(p.entry).toBe(LOAD_ADDRESS + p.header.entry);
    expect(p.results).toEqual({ address: LOAD_ADDRESS + p.header.resultsOffset, size: p.spec.resultsSize });
    expect(p.minRam).toBe(MAP_SIZE);
    expect(p.user).toBeNull();
    expect(readParams(p.spec, p.image).iterations).toBe(7);
  });

  it('checks the user payload', () => {
    expect(() => prepareWorkload('user', 'native')).toThrow(/user: needs a user payload/);
    expect(() => prepareWorkload('user', 'native', { user: new Uint8Array(4), params: { userEntry: 4 } })).toThrow(/user: userEntry must be inside the 4-byte payload/);
    expect(() => prepareWorkload('vmcall', 'native', { user: new Uint8Array(4) })).toThrow(/vmcall: takes no user payload/);
    const p = prepareWorkload('user', 'pv', { user: Uint8Array.of(0xc3) });
    expect(p.user).toEqual({ address: USER_BASE, bytes: Uint8Array.of(0xc3) });
  });
});
