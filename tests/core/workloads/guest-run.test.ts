// Runs the workloads on the machine — the real i386 CPU and PC platform — through
// tests/core/workloads/guest-harness.ts, native and paravirtual, and checks what they did: results,
// device side effects, that both builds made the same port accesses in the same order, the
// NE2000 per-frame sequence against Linux's, and that a faulting or misconfigured guest stops
// with a clear reason.
import { describe, expect, it } from 'vitest';
import {
  HC, HC_EPERM, IMG_PARAVIRT, USER_BASE, decodePciFunctions, decodePreparedResults, decodeResults, getWorkload, loadWorkloadImage, prepareWorkload,
  readHeader, resolveParams, type Build, type DecodedResults,
} from '../../../src/core/workloads/index';
import { IO_FORM_MNEMONICS } from '../../../src/core/cpu/index';
import { runGuest, runPrepared, type GuestRun } from './guest-harness';
import { exactSequence, pollInsensitive } from './sequence';

const CPU_HZ = 1_000_000_000;

interface Outcome {
  run: GuestRun;
  r: DecodedResults;
}

function run(id: string, build: Build, values: Record<string, number | string> = {}, user?: Uint8Array, trapIo = false): Outcome {
  const prepared = prepareWorkload(id, build, { params: values, ...(user ? { user } : {}) });
  const guest = runPrepared(prepared, { trapIo });
  return { run: guest, r: decodePreparedResults(prepared, guest.results, CPU_HZ) };
}

function both(id: string, values: Record<string, number | string> = {}): { native: Outcome; pv: Outcome } {
  return { native: run(id, 'native', values), pv: run(id, 'pv', values) };
}

function expectOk(o: Outcome): void {
  expect(o.r.exception, JSON.stringify(o.r.exception)).toBeNull();
  expect(o.r.status).toBe('done');
  expect(o.r.errorName).toBe('ok');
  expect(o.r.stage).toBe('exit');
  expect(o.r.cycles).toBeGreaterThan(0);
}

describe('workloads on the i386 CPU and PC platform', () => {
  describe('exit microbenchmarks', () => {
    it('vmcall: one null hypercall per iteration in both builds', () => {
      const { native, pv } = both('vmcall', { iterations: 50 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.r.fields.done).toBe(50);
        expect(o.run.hypercalls.map((h) => h.nr)).toEqual(new Array(50).fill(HC.NOP));
        expect(o.run.accesses).toEqual([]);
        expect(o.r.derived.cyclesPerIteration).toBe(Math.floor(o.r.cycles / 50));
      }
    });

    it('outl_to_kernel / inl_from_kernel / inl_from_qemu / inl_from_pmtimer: one access per iteration, same in both builds', () => {
      const cases: [string, string][] = [['outl_to_kernel', 'out 4d0/1=0'], ['inl_from_kernel', 'in 4d0/1'], ['inl_from_qemu', 'in 1234/4'], ['inl_from_pmtimer', 'in b008/4']];
      for (const [id, access] of cases) {
        const { native, pv } = both(id, { iterations: 20 });
        for (const o of [native, pv]) {
          expectOk(o);
          expect(o.run.accesses.length, id).toBe(20);
          expect(exactSequence(o.run.accesses).every((s) => s.startsWith(access)), id).toBe(true);
        }
        expect(native.run.hypercalls).toEqual([]);
        expect(pv.run.hypercalls.length).toBe(20);
        if (id === 'inl_from_qemu') expect(native.r.fields.lastValue).toBe(0xffffffff);
      }
    });

    it('the PM timer advances between reads', () => {
      const { native } = both('inl_from_pmtimer', { iterations: 200 });
      const values = native.run.accesses.map((a) => a.value);
      expect(values[values.length - 1]).toBeGreaterThan(values[0]);
    });
  });

  describe('serial console', () => {
    it('polled: prints the text, same accesses in both builds (modulo poll counts)', () => {
      const { native, pv } = both('serial_polled', { iterations: 2, text: 'ExitScope\r\n' });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.run.platform.devices.uart?.output).toBe('ExitScope\r\nExitScope\r\n');
        expect(o.r.fields.bytes).toBe(22);
      }
      expect(pollInsensitive(pv.run.accesses)).toEqual(pollInsensitive(native.run.accesses));
    });

    it('interrupt driven with FIFOs: up to 16 bytes per THRE interrupt', () => {
      const text = 'The FIFO takes sixteen bytes per interrupt.\r\n'; // 45 bytes
      const { native, pv } = both('serial_irq', { text, fifo: 1 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.run.platform.devices.uart?.output).toBe(text);
        // 3 bursts (16 + 16 + 13); the first byte of a burst empties THR for an instant, which
        // can latch one more edge that IIR then reports as "no interrupt" (0xC1)
        expect(o.r.fields.irqs).toBeGreaterThanOrEqual(3);
        expect(o.r.fields.irqs).toBeLessThanOrEqual(4);
        expect(o.r.fields.iirReads).toBe(o.r.fields.irqs);
        expect(o.run.accesses.some((a) => a.dir === 'out' && a.port === 0x3fa && a.value === 0xc7)).toBe(true);
      }
      expect(pollInsensitive(pv.run.accesses)).toEqual(pollInsensitive(native.run.accesses));
      const polled = run('serial_polled', 'native', { text, fifo: 1 });
      expectOk(polled);
      expect(polled.run.platform.devices.uart?.output).toBe(text);
    });

    it('interrupt driven: one THRE interrupt and EOI per byte', () => {
      const { native, pv } = both('serial_irq', { text: 'irq!' });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.run.platform.devices.uart?.output).toBe('irq!');
        expect(o.r.fields.irqs).toBe(4);
        expect(o.r.fields.iirReads).toBe(4);
        expect(o.run.accesses.filter((a) => a.dir === 'out' && a.port === 0x20 && a.value === 0x20).length).toBe(4);
      }
      expect(pollInsensitive(pv.run.accesses)).toEqual(pollInsensitive(native.run.accesses));
    });
  });

  describe('NE2000', () => {
    it('transmit: the per-frame port sequence of Linux ne.c / lib8390.c', () => {
      const { native, pv } = both('ne2000_tx', { iterations: 3, frameLen: 60 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.r.fields.framesSent).toBe(3);
        expect(o.run.platform.devices.ne2000?.getState().framesSent).toBe(3);
      }
      expect(pollInsensitive(pv.run.accesses)).toEqual(pollInsensitive(native.run.accesses));
      // one frame, from the IMR mask to the IMR unmask, polls collapsed: 17 single-port
      // accesses each followed by the io_delay write, and one string of 30 words
      const seq = pollInsensitive(native.run.accesses);
      const start = seq.indexOf('out 30f/1=0', seq.indexOf('out 30f/1=3f')); // after ne_init
      const end = seq.indexOf('out 30f/1=3f', start) + 2;
      const frame = seq.slice(start, end);
      const D = 'out 80/1';
      expect(frame).toEqual([
        'out 30f/1=0', D, 'out 300/1=22', D, 'out 307/1=40', D, 'out 30a/1=3c', D, 'out 30b/1=0', D, 'out 308/1=0', D, 'out 309/1=40', D,
        'out 300/1=12', D, ...new Array(30).fill('out 310/2').map((_, i) => `out 310/2=${frameWord(native, i)}`),
        'in 307/1 +delay', 'out 307/1=40', D,
        'out 300/1=20', D, 'in 300/1 +delay', 'out 305/1=3c', D, 'out 306/1=0', D, 'out 304/1=40', D, 'out 300/1=26', D,
        'out 30f/1=3f', D,
      ]);
      // then the IRQ: ei_interrupt sees PTX (ei_tx_intr reads TSR and acks), ISR reads 0, EOI
      expect(seq.slice(end, end + 11)).toEqual([
        'out 300/1=20', D, 'in 307/1 +delay', 'in 304/1', 'out 307/1=2', D, 'out 300/1=22', D, 'in 307/1 +delay', 'out a0/1=20', 'out 20/1=20',
      ]);
      // the paravirtual build: one hypercall per single access and one HC_OUTS per frame
      const outs = pv.run.hypercalls.filter((h) => h.nr === HC.OUTS).length;
      expect(outs).toBe(3);
    });

    it('transmit with batching: same accesses, fewer hypercalls', () => {
      const plain = run('ne2000_tx', 'pv', { iterations: 2, frameLen: 60 });
      const batched = run('ne2000_tx', 'pv', { iterations: 2, frameLen: 60, batch: 1 });
      expectOk(batched);
      expect(pollInsensitive(batched.run.accesses)).toEqual(pollInsensitive(plain.run.accesses));
      // register writes: one hypercall each without batching, a few batches per frame with it
      const writes = (o: Outcome): number => o.run.hypercalls.filter((h) => h.nr === HC.OUT_BATCH || (h.nr === HC.OUT && h.port !== 0x80)).length;
      expect(writes(batched)).toBeLessThan(writes(plain) / 3);
      expect(batched.run.hypercalls.some((h) => h.nr === HC.OUT_BATCH)).toBe(true);
      const native = run('ne2000_tx', 'native', { iterations: 2, frameLen: 60, batch: 1 });
      expect(pollInsensitive(native.run.accesses)).toEqual(pollInsensitive(plain.run.accesses));
    });

    it('io_delay off removes exactly the port 0x80 writes', () => {
      const on = run('ne2000_tx', 'native', { iterations: 2, frameLen: 60 });
      const off = run('ne2000_tx', 'native', { iterations: 2, frameLen: 60, ioDelay: 0 });
      expectOk(off);
      expect(off.run.accesses.some((a) => a.port === 0x80)).toBe(false);
      const strip = (o: Outcome): string[] => pollInsensitive(o.run.accesses.filter((a) => a.port !== 0x80));
      expect(strip(off)).toEqual(strip(on));
    });

    it('waits on the card\'s IRQ 9 (vector 0x29) by default, or polls ISR', () => {
      const irq = run('ne2000_pingpong', 'native', { iterations: 3 });
      expectOk(irq);
      expect(irq.run.vectors).toEqual(new Array(6).fill(0x29)); // PTX and PRX per round trip
      expect(irq.r.fields.isrPolls).toBe(1); // only the reset poll
      const poll = run('ne2000_pingpong', 'pv', { iterations: 3, wait: 'poll' });
      expectOk(poll);
      expect(poll.run.vectors).toEqual([]);
      expect(poll.r.fields.isrPolls).toBeGreaterThan(3);
      expect(poll.r.fields.mismatches).toBe(0);
      // no interrupt plumbing in poll mode: no 8259 programming, no EOI
      expect(poll.run.accesses.some((a) => a.port === 0x20 || a.port === 0xa0)).toBe(false);
    });

    it('receive: takes the echo peer\'s answers from the ring', () => {
      const { native, pv } = both('ne2000_rx', { iterations: 4, frameLen: 60, window: 2 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.r.fields.framesReceived).toBe(4);
        expect(o.r.fields.bytesReceived).toBe(4 * 60);
        expect(o.r.fields.rxErrors).toBe(0);
      }
      expect(pollInsensitive(pv.run.accesses)).toEqual(pollInsensitive(native.run.accesses));
    });

    it('request/response: answers match the requests; min <= mean <= max', () => {
      const { native, pv } = both('ne2000_pingpong', { iterations: 3 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.r.fields.done).toBe(3);
        expect(o.r.fields.mismatches).toBe(0);
        expect(o.r.fields.mac).toBe('52:54:00:12:34:56');
        const min = o.r.fields.minRoundTrip as number;
        const max = o.r.fields.maxRoundTrip as number;
        expect(min).toBeLessThanOrEqual(max);
        expect(o.r.derived.meanRoundTrip).toBeGreaterThanOrEqual(min * 0.99);
        expect(o.r.derived.transactionsPerSecond).toBeGreaterThan(0);
      }
      expect(pollInsensitive(pv.run.accesses)).toEqual(pollInsensitive(native.run.accesses));
    });

    it('with no card at the base, the driver stops with "device error"', () => {
      const o = run('ne2000_tx', 'native', { base: 0x320, iterations: 1 });
      expect(o.r.status).toBe('done');
      expect(o.r.errorName).toBe('device error');
      expect(o.r.failedAt).toBeGreaterThan(0x100000);
    });
  });

  describe('ATA, PCI, PIT, io_forms', () => {
    it('ata_read / ata_write: one REP INSW/OUTSW of 256 words per sector, identical in both builds', () => {
      for (const id of ['ata_read', 'ata_write']) {
        const { native, pv } = both(id, { iterations: 2, sectors: 3, lba: 10 });
        for (const o of [native, pv]) {
          expectOk(o);
          expect(o.r.fields.sectors).toBe(6);
          expect(o.run.accesses.filter((a) => a.port === 0x1f0 && a.size === 2).length).toBe(6 * 256);
        }
        expect(exactSequence(pv.run.accesses)).toEqual(exactSequence(native.run.accesses));
        expect(pv.run.hypercalls.filter((h) => h.nr === (id === 'ata_read' ? HC.INS : HC.OUTS)).length).toBe(6);
        expect(native.r.fields.checksum).toBe(pv.r.fields.checksum);
      }
    });

    it('ata_write then the written sectors hold their LBA', () => {
      const o = run('ata_write', 'native', { iterations: 1, sectors: 1, lba: 7 });
      const words = o.run.accesses.filter((a) => a.port === 0x1f0).map((a) => a.value);
      expect(words.slice(0, 4)).toEqual([7, 0, 7, 0]);
      expect(o.r.fields.checksum).toBe(128 * 7);
    });

    it('pci_scan finds the platform\'s functions, the RTL8029 among them', () => {
      const { native, pv } = both('pci_scan');
      for (const o of [native, pv]) expectOk(o);
      expect(exactSequence(pv.run.accesses)).toEqual(exactSequence(native.run.accesses));
      const found = decodePciFunctions(native.run.results);
      expect(found.some((f) => f.vendorId === 0x10ec && f.deviceId === 0x8029)).toBe(true);
      expect(native.r.fields.found).toBe(found.length);
    });

    it('pit_timer: tick interrupts at the programmed rate, one EOI each', () => {
      const { native, pv } = both('pit_timer', { iterations: 5 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.r.fields.irqs).toBe(5);
        const rate = o.r.derived.tickRate as number;
        expect(Math.abs(rate - 1193182 / 1193) / 1000).toBeLessThan(0.01);
      }
      expect(exactSequence(pv.run.accesses)).toEqual(exactSequence(native.run.accesses));
    });

    it('io_forms: the same accesses from instructions and from hypercalls', () => {
      const { native, pv } = both('io_forms', { iterations: 2, repCount: 3 });
      for (const o of [native, pv]) {
        expectOk(o);
        expect(o.r.fields.instructions).toBe(70);
      }
      expect(exactSequence(pv.run.accesses)).toEqual(exactSequence(native.run.accesses));
      expect(native.run.hypercalls).toEqual([]);
      expect(pv.run.hypercalls.length).toBe(70);
      expect(native.r.fields.elements).toBe(native.run.accesses.length);
      expect(native.r.fields.checksum).toBe(pv.r.fields.checksum);
      // the CPU classifies the pass's instructions into all 24 forms
      expect(native.run.ioForms.length).toBe(70);
      expect([...new Set(native.run.ioForms)].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(IO_FORM_MNEMONICS.length).toBe(24);
    });
  });

  it('every workload but user finishes with its default parameters, in both builds', () => {
    for (const id of ['vmcall', 'outl_to_kernel', 'inl_from_kernel', 'inl_from_qemu', 'inl_from_pmtimer', 'serial_polled', 'serial_irq',
      'ne2000_tx', 'ne2000_rx', 'ne2000_pingpong', 'ata_read', 'ata_write', 'pci_scan', 'pit_timer', 'io_forms']) {
      for (const build of ['native', 'pv'] as const) {
        const o = run(id, build);
        expectOk(o);
        for (const [name, v] of Object.entries(o.r.derived)) expect(v, `${id} ${build} ${name}`).toBeGreaterThan(0);
      }
    }
  });

  it('ring = 1 (paravirtual): the same accesses in the same order as one hypercall per op, in fewer VMCALLs', () => {
    const cases: [string, Record<string, number | string>, (o: Outcome) => string[]][] = [
      ['ata_write', { iterations: 2, sectors: 2 }, (o) => pollInsensitive(o.run.accesses)],
      ['pit_timer', { iterations: 3 }, (o) => exactSequence(o.run.accesses)],
      ['pci_scan', {}, (o) => exactSequence(o.run.accesses)],
      ['ne2000_tx', { iterations: 2, wait: 'poll' }, (o) => pollInsensitive(o.run.accesses)],
      ['serial_polled', { text: 'ring' }, (o) => pollInsensitive(o.run.accesses)],
    ];
    for (const [id, values, seq] of cases) {
      const single = run(id, 'pv', values);
      const ring = run(id, 'pv', { ...values, ring: 1 });
      expectOk(ring);
      expect(seq(ring), id).toEqual(seq(single));
      expect(ring.run.hypercalls.length, id).toBeLessThan(single.run.hypercalls.length);
      expect(ring.run.hypercalls.every((h) => h.nr === HC.RING_KICK), id).toBe(true);
    }
    const native = run('outl_to_kernel', 'native', { ring: 1, iterations: 3 });
    expectOk(native);
    expect(native.run.hypercalls).toEqual([]); // the native build ignores ring
  });

  describe('privilege, faults and user payloads', () => {
    it('a deprivileged driver whose I/O is denied stops with #GP at the I/O instruction', () => {
      const o = run('inl_from_qemu', 'native', { cpl: 3, iopl: 0, ioBitmap: 'deny', iterations: 3 });
      expect(o.r.status).toBe('exception');
      expect(o.r.exception?.vector).toBe(13);
      const h = readHeader(loadWorkloadImage('inl_from_qemu', 'native'));
      const slot = h.loadAddress + h.variantOffset + 2 * 64; // OP_INL
      expect(o.r.exception?.eip).toBe(slot);
      expect(o.r.exception?.cs).toBe(0x38 | 3);
      expect(o.run.accesses).toEqual([]);
    });

    it('trapped and emulated at CPL 3, the native build makes the paravirtual build\'s accesses', () => {
      const deprivileged = { cpl: 3, iopl: 0, ioBitmap: 'deny' };
      const cases: [string, Record<string, number | string>, (o: Outcome) => string[]][] = [
        ['io_forms', { iterations: 2 }, (o) => exactSequence(o.run.accesses)],
        ['ata_read', { iterations: 2, sectors: 2 }, (o) => exactSequence(o.run.accesses)],
        ['pit_timer', { iterations: 3 }, (o) => exactSequence(o.run.accesses)],
        ['ne2000_pingpong', { iterations: 2 }, (o) => pollInsensitive(o.run.accesses)],
        ['serial_irq', { text: 'trap' }, (o) => pollInsensitive(o.run.accesses)],
      ];
      for (const [id, values, seq] of cases) {
        const trapped = run(id, 'native', { ...values, ...deprivileged }, undefined, true);
        expectOk(trapped);
        expect(trapped.run.traps, id).toBeGreaterThan(0);
        const pv = run(id, 'pv', values); // hypercalls need CPL 0 (see the test below)
        expectOk(pv);
        expect(seq(trapped), id).toEqual(seq(pv));
      }
      const forms = run('io_forms', 'native', { iterations: 2, ...deprivileged }, undefined, true);
      expect(forms.run.traps).toBe(70); // every one of the 35 instructions, twice
    });

    it('at CPL 3 the I/O bitmap or IOPL lets the same I/O through', () => {
      const configs: Record<string, number | string>[] = [{ cpl: 3, ioBitmap: 'allow' }, { cpl: 3, iopl: 3, ioBitmap: 'deny' }, { cpl: 1, iopl: 1, ioBitmap: 'none' }];
      for (const values of configs) {
        const o = run('serial_irq', 'native', { ...values, text: 'ok' });
        expectOk(o);
        expect(o.run.platform.devices.uart?.output).toBe('ok');
      }
    });

    it('a VMCALL from CPL 3 is refused with HC_EPERM (-KVM_EPERM) and performs no port access', () => {
      // mov esi,eax; mov edx,0xe9; call [esi+4*OP_INL]; ret: the payload returns what inl returned
      const payload = Uint8Array.from([0x89, 0xc6, 0xba, 0xe9, 0, 0, 0, 0xff, 0x56, 0x08, 0xc3]);
      const user = run('user', 'pv', { cpl: 3, iterations: 2 }, payload);
      expectOk(user);
      expect(user.r.fields.returnValue).toBe(HC_EPERM >>> 0);
      expect(user.run.hypercalls.filter((h) => h.nr === 1)).toHaveLength(2);
      expect(user.run.accesses).toEqual([]);
      const kernel = run('user', 'pv', { cpl: 0, iterations: 2 }, payload);
      expect(kernel.run.accesses.filter((a) => a.port === 0xe9 && a.dir === 'in')).toHaveLength(2);
      const serial = run('serial_polled', 'pv', { cpl: 3, text: 'x' });
      expect(serial.run.hypercalls.length).toBeGreaterThan(0);
      expect(serial.run.accesses).toEqual([]); // refused: the UART never sees the driver
      expect(serial.run.platform.devices.uart?.output).toBe('');
    });

    it('a parameter patched out of range behind the catalogue\'s back is refused by the kernel', () => {
      const image = loadWorkloadImage('vmcall', 'native').slice();
      const h = readHeader(image);
      new DataView(image.buffer).setUint32(h.paramsOffset, 7, true); // cpl = 7
      const w = getWorkload('vmcall');
      const r = decodeResults(w, runGuest(image).results, { params: resolveParams(w), cpuHz: CPU_HZ });
      expect(r.status).toBe('done');
      expect(r.errorName).toBe('bad parameter');
    });

    it('a poll that never succeeds ends with "device timeout"', () => {
      const o = run('serial_polled', 'native', { divisor: 0xffff, pollLimit: 3, text: 'ab' });
      expect(o.r.errorName).toBe('device timeout');
    });

    it('the kernel\'s page tables: data pages are NX, code pages read-only, page 0 absent', () => {
      const h = readHeader(loadWorkloadImage('user', 'native'));
      const data = h.loadAddress + h.paramsOffset;
      const code = h.loadAddress + h.entry;
      const le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
      const fault = (payload: number[]): Outcome => run('user', 'native', { cpl: 3 }, Uint8Array.from(payload));
      const nx = fault([0xb8, ...le(data), 0xff, 0xe0]); // mov eax, data; jmp eax
      expect(nx.r.exception).toMatchObject({ vector: 14, errorCode: 0x15, cr2: data, eip: data }); // P | U | fetch
      const ro = fault([0xc6, 0x05, ...le(code), 0x90]); // mov byte [code], 0x90
      expect(ro.r.exception).toMatchObject({ vector: 14, errorCode: 0x07, cr2: code }); // P | W | U
      const nul = fault([0xa1, 0, 0, 0, 0]); // mov eax, [0]
      expect(nul.r.exception).toMatchObject({ vector: 14, errorCode: 0x04, cr2: 0 }); // not present, U
    });

    it('user: calls the payload at 0x400000 with the ops table, at the configured CPL', () => {
      // mov esi,eax; mov edx,0xe9; mov eax,'A'; call [esi+4*OP_OUTB]; mov eax,ebx; inc eax; ret
      const payload = Uint8Array.from([0x89, 0xc6, 0xba, 0xe9, 0, 0, 0, 0xb8, 0x41, 0, 0, 0, 0xff, 0x56, 0x0c, 0x89, 0xd8, 0x40, 0xc3]);
      for (const build of ['native', 'pv'] as const) {
        const o = run('user', build, { userArg: 41, cpl: build === 'pv' ? 0 : 3, iterations: 2 }, payload);
        expectOk(o);
        expect(o.r.fields.returnValue).toBe(42);
        expect(o.run.platform.devices.debugcon?.output).toBe('AA');
        expect((readHeader(loadWorkloadImage('user', build)).flags & IMG_PARAVIRT) !== 0).toBe(build === 'pv');
      }
      expect(USER_BASE).toBe(0x400000);
    });
  });
});

function frameWord(o: Outcome, i: number): string {
  const words = o.run.accesses.filter((a) => a.port === 0x310 && a.dir === 'out').slice(0, 30);
  return words[i].value.toString(16);
}
