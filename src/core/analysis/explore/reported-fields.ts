// What the hardware or the fault reported for an exit, decoded field by field for the exit
// detail. The layouts are the ones the importer (trace/kvm/io-decode.ts) and the hypervisor
// models (cpu/io-exit.ts) use:
//   VMX exit qualification for I/O instructions (Intel SDM Vol. 3C, Table 28-5): bits 2:0 size-1,
//     bit 3 direction (1 = IN), bit 4 string, bit 5 REP, bit 6 operand encoding (1 = immediate),
//     bits 31:16 port.
//   SVM IOIO EXITINFO1 (AMD APM Vol. 2 §15.10.2): bit 0 type (1 = IN), bit 2 string, bit 3 REP,
//     bits 6:4 operand size one-hot, bits 9:7 address size one-hot, bits 12:10 segment, bits 31:16 port;
//     EXITINFO2 the next RIP.
//   #GP error code (Intel SDM Vol. 3A §6.13, selector error code): bit 0 EXT, bit 1 IDT, bit 2 TI,
//     bits 15:3 selector index; 0 for a #GP not caused by a segment selector (an I/O instruction).
//   Hypercall: info1 holds the hypercall number (the guest ABI, docs/guest-abi.md).
import type { DecodedField } from '../../../shared/explore';

const SEGMENTS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
/** docs/guest-abi.md §6: EAX of VMCALL. */
const HYPERCALLS = ['NOP', 'IN', 'OUT', 'INS', 'OUTS', 'OUT_BATCH', 'RING_KICK'];

function parseHex(s: string | null): number | null {
  if (s === null) return null;
  const t = s.trim().toLowerCase();
  if (!/^(0x)?[0-9a-f]{1,16}$/.test(t)) return null;
  const v = Number.parseInt(t.replace(/^0x/, ''), 16);
  return Number.isFinite(v) ? v : null;
}

const bit = (v: number, n: number): number => Math.floor(v / 2 ** n) % 2;
const bits = (v: number, hi: number, lo: number): number => Math.floor(v / 2 ** lo) % 2 ** (hi - lo + 1);
const hx = (v: number): string => `0x${v.toString(16)}`;

export function vmxQualificationFields(q: number): DecodedField[] {
  const sz = bits(q, 2, 0);
  return [
    { name: 'size of access', bits: '2:0', value: String(sz), meaning: sz === 0 ? '1 byte' : sz === 1 ? '2 bytes' : sz === 3 ? '4 bytes' : 'not a valid encoding' },
    { name: 'direction', bits: '3', value: String(bit(q, 3)), meaning: bit(q, 3) ? 'IN' : 'OUT' },
    { name: 'string instruction', bits: '4', value: String(bit(q, 4)), meaning: bit(q, 4) ? 'INS/OUTS' : 'IN/OUT' },
    { name: 'REP prefixed', bits: '5', value: String(bit(q, 5)), meaning: bit(q, 5) ? 'REP' : 'no REP' },
    { name: 'operand encoding', bits: '6', value: String(bit(q, 6)), meaning: bit(q, 6) ? 'immediate (imm8 port)' : 'DX' },
    { name: 'port number', bits: '31:16', value: hx(bits(q, 31, 16)), meaning: `port ${hx(bits(q, 31, 16))}` },
  ];
}

export function svmExitInfo1Fields(e: number): DecodedField[] {
  const oneHot = (v: number, names: string[]): string => (v === 1 ? names[0]! : v === 2 ? names[1]! : v === 4 ? names[2]! : 'not a valid encoding');
  const sz = bits(e, 6, 4);
  const a = bits(e, 9, 7);
  const seg = bits(e, 12, 10);
  return [
    { name: 'type', bits: '0', value: String(bit(e, 0)), meaning: bit(e, 0) ? 'IN' : 'OUT' },
    { name: 'string', bits: '2', value: String(bit(e, 2)), meaning: bit(e, 2) ? 'INS/OUTS' : 'IN/OUT' },
    { name: 'REP', bits: '3', value: String(bit(e, 3)), meaning: bit(e, 3) ? 'REP' : 'no REP' },
    { name: 'operand size', bits: '6:4', value: String(sz), meaning: oneHot(sz, ['8-bit', '16-bit', '32-bit']) },
    { name: 'address size', bits: '9:7', value: String(a), meaning: oneHot(a, ['16-bit', '32-bit', '64-bit']) },
    { name: 'effective segment', bits: '12:10', value: String(seg), meaning: bit(e, 2) ? (SEGMENTS[seg] ?? 'reserved') : 'only for string forms' },
    { name: 'port number', bits: '31:16', value: hx(bits(e, 31, 16)), meaning: `port ${hx(bits(e, 31, 16))}` },
  ];
}

export function gpErrorCodeFields(code: number): DecodedField[] {
  return [
    { name: 'EXT', bits: '0', value: String(bit(code, 0)), meaning: bit(code, 0) ? 'raised by an event external to the program' : 'raised by the instruction' },
    { name: 'IDT', bits: '1', value: String(bit(code, 1)), meaning: bit(code, 1) ? 'index refers to an IDT gate' : 'index refers to the GDT/LDT' },
    { name: 'TI', bits: '2', value: String(bit(code, 2)), meaning: bit(code, 2) ? 'LDT' : 'GDT' },
    { name: 'selector index', bits: '15:3', value: String(bits(code, 15, 3)), meaning: code === 0 ? 'error code 0: not a segment fault (e.g. an I/O instruction above IOPL without bitmap permission)' : `index ${bits(code, 15, 3)}` },
  ];
}

export interface ReportedInput {
  reason: string;
  isa: string | null;
  mechanism: string | null;
  info1: string | null;
  info2: string | null;
  errorCode: number | null;
}

export function reportedFields(x: ReportedInput): { what: string; raw: string; source: string; fields: DecodedField[] }[] {
  const out: { what: string; raw: string; source: string; fields: DecodedField[] }[] = [];
  const info1 = parseHex(x.info1);
  const io = x.reason === 'IO_INSTRUCTION';
  const mech = x.mechanism ?? x.isa;
  if (info1 !== null && io && (x.isa === 'vmx' || mech === 'vmx')) {
    out.push({ what: 'exit qualification', raw: x.info1!, source: 'Intel SDM Vol. 3C, exit qualification for I/O instructions', fields: vmxQualificationFields(info1) });
  } else if (info1 !== null && io && (x.isa === 'svm' || mech === 'svm')) {
    out.push({ what: 'EXITINFO1', raw: x.info1!, source: 'AMD APM Vol. 2 \u00a715.10.2, IOIO intercept', fields: svmExitInfo1Fields(info1) });
    const info2 = parseHex(x.info2);
    if (info2 !== null) out.push({ what: 'EXITINFO2', raw: x.info2!, source: 'AMD APM Vol. 2 \u00a715.10.2', fields: [{ name: 'next RIP', bits: '63:0', value: hx(info2), meaning: 'the instruction after the I/O instruction' }] });
  } else if (mech === 'trap' && x.errorCode !== null) {
    out.push({ what: '#GP error code', raw: hx(x.errorCode), source: 'Intel SDM Vol. 3A \u00a76.13, error code', fields: gpErrorCodeFields(x.errorCode) });
  } else if ((mech === 'hypercall' || mech === 'batched' || mech === 'ring') && info1 !== null) {
    out.push({ what: 'hypercall number', raw: x.info1!, source: 'ExitScope guest ABI (docs/guest-abi.md §6)', fields: [{ name: 'hypercall number', bits: 'EAX', value: String(info1), meaning: HYPERCALLS[info1] ?? 'not a hypercall of the ABI' }] });
  } else {
    if (x.info1 !== null) out.push({ what: 'info1', raw: x.info1, source: `as the trace reported it (no field layout known for reason ${x.reason})`, fields: [] });
    if (x.info2 !== null) out.push({ what: 'info2', raw: x.info2, source: `as the trace reported it (no field layout known for reason ${x.reason})`, fields: [] });
  }
  return out;
}
