// The profiles and parameter sets shipped with ExitScope, as JSON data files bundled with the
// code (so the built app and the tsx-run CLI see the same ones). Order: the listing order of
// `exitscope profiles` (by the year of the published figures). The loader validates them like
// user files.
import microSteps from './profiles/sets/micro-386.json' with { type: 'json' };
import kvmLump from './profiles/sets/kvm-emulator-lump.json' with { type: 'json' };
import kvmBorrowed from './profiles/sets/kvm-2012-borrowed.json' with { type: 'json' };
import kvmUserspace from './profiles/sets/kvm-2012-userspace.json' with { type: 'json' };
import p42007 from './profiles/p4-2007.json' with { type: 'json' };
import piii733Vmware2001 from './profiles/piii-733-vmware-2001.json' with { type: 'json' };
import k8Xen from './profiles/k8-xen.json' with { type: 'json' };
import nehalem2011 from './profiles/nehalem-2011.json' with { type: 'json' };
import kvm2012 from './profiles/kvm-2012.json' with { type: 'json' };
import kvmNested2019 from './profiles/kvm-nested-2019.json' with { type: 'json' };
import skylakeSp2020 from './profiles/skylake-sp-2020.json' with { type: 'json' };
import eibrs2022 from './profiles/eibrs-2022.json' with { type: 'json' };

/** [file name, parsed JSON] */
export const BUILTIN_SET_FILES: readonly (readonly [string, unknown])[] = [
  ['micro-386.json', microSteps],
  ['kvm-emulator-lump.json', kvmLump],
  ['kvm-2012-borrowed.json', kvmBorrowed],
  ['kvm-2012-userspace.json', kvmUserspace],
];

export const BUILTIN_PROFILE_FILES: readonly (readonly [string, unknown])[] = [
  ['p4-2007.json', p42007],
  ['piii-733-vmware-2001.json', piii733Vmware2001],
  ['k8-xen.json', k8Xen],
  ['nehalem-2011.json', nehalem2011],
  ['kvm-2012.json', kvm2012],
  ['kvm-nested-2019.json', kvmNested2019],
  ['skylake-sp-2020.json', skylakeSp2020],
  ['eibrs-2022.json', eibrs2022],
];
