// The profiles and parameter sets shipped with ExitScope, as JSON data files bundled with the
// code (so the built app and the tsx-run CLI see the same ones). Order: the listing order of
// `exitscope profiles` (oldest CPU first). The loader validates them like user files.
import microSteps from './profiles/sets/micro-386.json' with { type: 'json' };
import kvmLump from './profiles/sets/kvm-emulator-lump.json' with { type: 'json' };
import kvmBorrowed from './profiles/sets/kvm-2012-borrowed.json' with { type: 'json' };
import kvmUserspace from './profiles/sets/kvm-2012-userspace.json' with { type: 'json' };
import kvm2012 from './profiles/kvm-2012.json' with { type: 'json' };

/** [file name, parsed JSON] */
export const BUILTIN_SET_FILES: readonly (readonly [string, unknown])[] = [
  ['micro-386.json', microSteps],
  ['kvm-emulator-lump.json', kvmLump],
  ['kvm-2012-borrowed.json', kvmBorrowed],
  ['kvm-2012-userspace.json', kvmUserspace],
];

export const BUILTIN_PROFILE_FILES: readonly (readonly [string, unknown])[] = [
  ['kvm-2012.json', kvm2012],
];
