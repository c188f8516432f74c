// Reason names -> canonical reason, code and ISA, including the names that do not fix the ISA.
import { describe, expect, it } from 'vitest';
import { resolveReason, ReasonResolver, SVM_REASONS, VMX_REASONS } from '../../../../src/core/trace/kvm';

describe('resolveReason', () => {
  it('maps VMX names by the kernel table, both names of exit reason 7 included', () => {
    expect(resolveReason('IO_INSTRUCTION', null)).toMatchObject({ canonical: 'IO_INSTRUCTION', code: 30, isa: 'vmx', isaFromName: true });
    expect(resolveReason('PENDING_INTERRUPT', null)).toMatchObject({ canonical: 'INTERRUPT_WINDOW', code: 7, isa: 'vmx' });
    expect(resolveReason('INTERRUPT_WINDOW', null)).toMatchObject({ canonical: 'INTERRUPT_WINDOW', code: 7, isa: 'vmx' });
    expect(resolveReason('VMCALL', null)).toMatchObject({ canonical: 'HYPERCALL', code: 18 });
    expect(resolveReason('EPT_VIOLATION', null)).toMatchObject({ canonical: 'NESTED_PAGE_FAULT', code: 48 });
    expect(resolveReason('EPT_MISCONFIG', null)).toMatchObject({ canonical: 'EPT_MISCONFIG', code: 49 });
    expect(resolveReason('MSR_READ', null)).toMatchObject({ canonical: 'MSR_READ', code: 31 });
    expect(resolveReason('PAUSE_INSTRUCTION', null)).toMatchObject({ canonical: 'PAUSE', code: 40 });
  });

  it('maps SVM kernel names, plugin EXIT_* names and exception names with a space', () => {
    expect(resolveReason('io', 'vmx')).toMatchObject({ canonical: 'IO_INSTRUCTION', code: 0x7b, isa: 'svm', isaFromName: true });
    expect(resolveReason('EXIT_IOIO', null)).toMatchObject({ canonical: 'IO_INSTRUCTION', code: 0x7b, isa: 'svm' });
    expect(resolveReason('hypercall', null)).toMatchObject({ canonical: 'HYPERCALL', code: 0x81 });
    expect(resolveReason('EXIT_VMMCALL', null)).toMatchObject({ canonical: 'HYPERCALL', code: 0x81 });
    expect(resolveReason('npf', null)).toMatchObject({ canonical: 'NESTED_PAGE_FAULT', code: 0x400 });
    expect(resolveReason('EXIT_NPF', null)).toMatchObject({ canonical: 'NESTED_PAGE_FAULT', code: 0x400 });
    expect(resolveReason('interrupt', null)).toMatchObject({ canonical: 'EXTERNAL_INTERRUPT', code: 0x60 });
    expect(resolveReason('vintr', null)).toMatchObject({ canonical: 'INTERRUPT_WINDOW', code: 0x64 });
    // SVM intercepts each exception: its name and vector are kept, not folded into EXCEPTION_NMI
    expect(resolveReason('GP excp', null)).toMatchObject({ canonical: 'EXCP_GP (#GP, vector 13)', code: 0x4d, isa: 'svm' });
    expect(resolveReason('EXIT_EXCP_GP', null)).toMatchObject({ canonical: 'EXCP_GP (#GP, vector 13)', code: 0x4d });
    expect(resolveReason('write_cr3', null)).toMatchObject({ canonical: 'CR_ACCESS', code: 0x13 });
    expect(resolveReason('invalid_guest_state', null)).toMatchObject({ canonical: 'INVALID_GUEST_STATE', code: -1 });
  });

  it('marks the SVM MSR exit for a split by EXITINFO1', () => {
    expect(resolveReason('msr', null)).toMatchObject({ canonical: 'MSR', code: 0x7c, msrByInfo1: true });
    expect(resolveReason('EXIT_MSR', null)).toMatchObject({ msrByInfo1: true });
    expect(resolveReason('MSR_WRITE', null).msrByInfo1).toBe(false);
  });

  it('ORs VMX flag words into the code and keeps them in the native name', () => {
    expect(resolveReason('INVALID_STATE FAILED_VMENTRY', null)).toMatchObject({ native: 'INVALID_STATE FAILED_VMENTRY', canonical: 'INVALID_GUEST_STATE', code: 0x80000021, isa: 'vmx' });
  });

  it('uses the hint for names that do not fix the ISA', () => {
    expect(resolveReason('0x7b', 'svm')).toMatchObject({ canonical: 'IO_INSTRUCTION', code: 0x7b, isa: 'svm', isaFromName: false });
    expect(resolveReason('0x1e', 'vmx')).toMatchObject({ canonical: 'IO_INSTRUCTION', code: 30, isa: 'vmx' });
    expect(resolveReason('UNKNOWN (74)', 'vmx')).toMatchObject({ canonical: 'BUS_LOCK', code: 74 });
    // no hint: 0x78 = 120 is only an SVM code (hlt)
    expect(resolveReason('UNKNOWN (120)', null)).toMatchObject({ canonical: 'HLT', isa: 'svm' });
    // no hint, in both tables (VMX 30 and SVM 0x1e = write_cr14): undecided, kept as printed
    expect(resolveReason('0x1e', null)).toMatchObject({ canonical: '0x1e', code: 30, isa: null });
  });

  it('keeps unknown names, uppercased', () => {
    expect(resolveReason('some_new_exit', 'vmx')).toMatchObject({ native: 'some_new_exit', canonical: 'SOME_NEW_EXIT', code: null, isa: 'vmx', isaFromName: false });
  });

  it('accepts VMX names printed in lowercase', () => {
    expect(resolveReason('io_instruction', null)).toMatchObject({ canonical: 'IO_INSTRUCTION', isa: 'vmx' });
  });
});

describe('reason tables', () => {
  it('have unique codes and names per ISA', () => {
    const vmxCodes = VMX_REASONS.map((r) => r.code);
    expect(new Set(vmxCodes).size).toBe(vmxCodes.length);
    const svmCodes = SVM_REASONS.map((r) => r.code);
    expect(new Set(svmCodes).size).toBe(svmCodes.length);
    const svmNames = SVM_REASONS.flatMap((r) => [r.kernel, r.plugin]);
    expect(new Set(svmNames).size).toBe(svmNames.length);
  });

  it('never share a name between the ISAs', () => {
    const vmx = new Set(VMX_REASONS.flatMap((r) => r.names));
    for (const r of SVM_REASONS) {
      expect(vmx.has(r.kernel)).toBe(false);
      expect(vmx.has(r.plugin)).toBe(false);
    }
  });
});

describe('ReasonResolver', () => {
  it('caches name-decided results and re-resolves hint-dependent ones per hint', () => {
    const r = new ReasonResolver();
    expect(r.resolve('HLT', null)).toBe(r.resolve('HLT', 'svm'));
    expect(r.resolve('0x7b', 'svm').canonical).toBe('IO_INSTRUCTION');
    expect(r.resolve('0x7b', 'vmx').canonical).toBe('0x7b');
  });
});
