// Whether vmx/svm exits decode a non-string IN (KVM before kvm_fast_pio_in re-decoded it with
// its emulator; cost-model.md "Re-pricing"). The cost model keeps this as a re-pricing option,
// not a profile field, so the profile's own checks decide: a profile whose hardware-exit check of
// a single non-string IN carries decode steps (kvm-2012's inl_from_kernel) models that KVM; one
// whose check prices it without a decode (kvm-nested-2019) does not. Callers may override.
import type { Profile } from '../../cost/index';
import { IO_FORMS } from '../../cpu/io-form-table';

export function profileDecodesNonStringIn(profile: Profile): boolean {
  return profile.checks.some((c) => {
    const s = c.scenario;
    if ((s.mechanism !== 'vmx' && s.mechanism !== 'svm') || s.ops.length !== 1) return false;
    const form = IO_FORMS[s.ops[0]!.formId]!;
    return !form.string && form.direction === 'in' && s.decode != null;
  });
}
