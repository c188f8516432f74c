// Test helper: an ExitRecord with every field null/false except what the test sets.
import { NO_COST } from '../../src/core/trace/exit-record';
import type { ExitRecord } from '../../src/core/trace/exit-record';

export function exitRecord(fields: Partial<ExitRecord> & Pick<ExitRecord, 'seq'>): ExitRecord {
  return {
    timeNs: fields.seq * 1000, vcpu: 0, rip: null, cpl: null, insnBytes: null, reason: 'HLT', reasonNative: 'HLT',
    isa: null, reasonCode: null, formId: null, mnemonic: null, port: null, portSource: null, size: null,
    direction: null, isString: null, isRep: null, count: null, addrSize: null, segment: null, value: null,
    bufferAddr: null, device: null, deviceLocation: null, mechanism: null, info1: null, info2: null,
    errorCode: null, latencyNs: null, line: null, emulated: false, ...NO_COST,
    ...fields,
  };
}
