// Whether vmx/svm exits decode a non-string IN: KVM before kvm_fast_pio_in sent IN through its
// x86 emulator (the kvm-2012 commit says so). This is the profile's stated era (Profile.era,
// with its source; DEFAULT_ERA when the file states none), never inferred from which published
// figures the profile happens to fit. Callers may override.
import { eraOf } from '../../cost/index';
import type { Profile } from '../../cost/index';

export function profileDecodesNonStringIn(profile: Profile): boolean {
  return !eraOf(profile).fastPioIn;
}
