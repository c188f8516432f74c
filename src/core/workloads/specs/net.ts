// The NE2000 drivers (asm/lib/net.inc, asm/drivers/ne2000.inc): transmit, receive, ping-pong.
import { P_WL, R_WL } from '../abi';
import type { ParamSpec, ParamValues, ResultField, WorkloadSpec } from '../types';
import { commonParams, cyclesPer, guestTime, intParam, portParam, rate, workload } from './common';

const RX_RING_PAGES = 0x80 - 0x4c;

function params(frameLen: number, iterations: { default: number; description: string; unit: string }, window: boolean): ParamSpec[] {
  return [
    ...commonParams({ ...iterations, max: 1_000_000 }),
    portParam('base', P_WL + 0x00, 0x300, 'NE2000 I/O base (32-byte aligned).'),
    portParam('ioDelayPort', P_WL + 0x04, 0x80, 'Port of the io_delay write after each outb_p/inb_p (Linux: 0x80).'),
    intParam('ioDelay', P_WL + 0x08, 1, 0, 1, '1: write the io_delay port after each _p access (Linux default); 0: io_delay=none. Left unset, a run follows its guest kind: 0 for a Linux KVM guest under vmx/svm on a KVM profile (KVM_FEATURE_NOP_IO_DELAY, arch/x86/kernel/kvm.c), 1 for the 2007 native kernel (trap) and its paravirtual build.'),
    intParam('batch', P_WL + 0x0c, 0, 0, 1, '1: send runs of register writes as one batched "out multiple" op (one hypercall in the paravirtual build).'),
    intParam('frameLen', P_WL + 0x10, frameLen, 60, 1514, 'Ethernet frame length without CRC.', 'bytes'),
    ...(window ? [intParam('window', P_WL + 0x14, 4, 1, RX_RING_PAGES, 'Solicit frames sent per burst (their answers must fit the 52-page receive ring).', 'frames')] : []),
    {
      kind: 'choice', name: 'wait', offset: P_WL + 0x18, default: 'interrupt', choices: ['interrupt', 'poll'],
      description: 'How the driver waits for the card: its IRQ through the 8259 pair, then the ei_interrupt service and an EOI; or ISR polling, then the same service.',
    },
    intParam('irq', P_WL + 0x1c, 9, 0, 15, 'The card\'s interrupt line (wait = interrupt).', 'IRQ'),
  ];
}

function checkBase(v: Readonly<ParamValues>): string | null {
  return typeof v.base === 'number' && v.base % 32 !== 0 ? `base must be 32-byte aligned (got 0x${v.base.toString(16)})` : null;
}

function checkWindow(v: Readonly<ParamValues>): string | null {
  const base = checkBase(v);
  if (base !== null) return base;
  const len = Number(v.frameLen);
  const win = Number(v.window);
  const pages = Math.ceil((len + 4) / 256);
  return win * pages > RX_RING_PAGES
    ? `window x pages per frame must fit the ${RX_RING_PAGES}-page receive ring: window ${win} x ${pages} pages (frameLen ${len}) = ${win * pages}`
    : null;
}

const f = (name: string, at: number, description: string, unit?: string, kind: ResultField['kind'] = 'u32'): ResultField => ({
  name, offset: R_WL + at, kind, description, ...(unit === undefined ? {} : { unit }),
});
const results: ResultField[] = [
  f('framesSent', 0x00, 'Frames handed to the card.', 'frames'),
  f('framesReceived', 0x04, 'Frames taken from the receive ring.', 'frames'),
  f('bytesReceived', 0x08, 'Bytes of those frames.', 'bytes'),
  f('rdcPolls', 0x0c, 'ISR reads waiting for remote DMA completion (RDC).', 'reads'),
  f('isrPolls', 0x10, 'ISR reads polling for the reset and (wait = poll) for card events.', 'reads'),
  f('minRoundTrip', 0x14, 'Shortest request/response round trip (ping-pong only).', 'cycles'),
  f('maxRoundTrip', 0x18, 'Longest request/response round trip (ping-pong only).', 'cycles'),
  f('rxErrors', 0x1c, 'Ring entries with a bad status or length, and ring overruns.', 'frames'),
  f('mac', 0x20, 'Station address read from the card\'s PROM.', undefined, 'mac'),
  f('mismatches', 0x28, 'Answers whose payload differed from the request (ping-pong only).', 'frames'),
  f('txErrors', 0x2c, 'Transmissions that ended with TXE.', 'frames'),
];

export const netWorkloads: readonly WorkloadSpec[] = [
  workload({
    id: 'ne2000_tx',
    title: 'NE2000 transmit',
    description: 'Sends frames as Linux ne.c/lib8390.c do (IMR mask, remote-DMA write with REP OUTSW, RDC poll, trigger send, IMR unmask; io_delay writes after each _p access) and waits for each to leave. An echo peer\'s answers are taken too (framesReceived); a silent peer makes it transmit only.',
    devices: ['ne2000', 'pic'],
    interrupts: true,
    params: params(1514, { default: 100, description: 'Frames sent.', unit: 'frames' }, false),
    paramsSize: 0x40,
    results,
    resultsSize: 0x70,
    check: checkBase,
    derived: [rate('framesPerSecond', 'framesSent', 'frames/s'), cyclesPer('cyclesPerFrame', 'framesSent'), guestTime],
  }),
  workload({
    id: 'ne2000_rx',
    title: 'NE2000 receive',
    description: 'Sends a burst of solicit frames to the echo peer, then takes the answers from the receive ring as ei_receive does (ne_get_8390_hdr, ne_block_input with REP INSW, BNRY update), until the count is reached.',
    devices: ['ne2000', 'pic'],
    interrupts: true,
    params: params(1514, { default: 100, description: 'Frames received.', unit: 'frames' }, true),
    paramsSize: 0x40,
    results,
    resultsSize: 0x70,
    check: checkWindow,
    derived: [rate('framesPerSecond', 'framesReceived', 'frames/s'), cyclesPer('cyclesPerFrame', 'framesReceived'), guestTime],
  }),
  workload({
    id: 'ne2000_pingpong',
    title: 'NE2000 request/response',
    description: 'Latency: send one frame, wait for it to leave and for the echo peer\'s answer, receive and check it; repeat.',
    devices: ['ne2000', 'pic'],
    interrupts: true,
    params: params(60, { default: 100, description: 'Round trips.', unit: 'transactions' }, false),
    paramsSize: 0x40,
    results,
    resultsSize: 0x70,
    check: checkBase,
    derived: [
      rate('transactionsPerSecond', 'done', 'transactions/s'),
      cyclesPer('meanRoundTrip', 'done'),
      guestTime,
    ],
  }),
];
