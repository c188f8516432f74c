// The work the hypervisor's I/O decoder did for one trapped instruction, counted step by step.
// The cost model prices the `fetch` component from the fetch counters and the `decode`
// component from the decode counters, so every field below means exactly one kind of work:
//
// Fetch side (guest-fetch.ts):
//   bytesFetched  instruction bytes read from guest memory: every prefix, the opcode and the
//                 imm8 of E4-E7, counted as they are read (a decode that faults counts the
//                 bytes read before the fault). Each read also does the CS-limit compare and the
//                 "still on the translated page?" compare; those are priced per byte, not here.
//   pagesTouched  linear pages the bytes came from (1, or 2 for an instruction straddling a page
//                 boundary), each needing one translation.
//   pageWalks     translations that walked the guest page tables (with paging on and no VMM
//                 cache hit); each walk checks present, U/S for the guest's CPL and NX.
//   walkLevels    paging-structure entries read by those walks (2-level: 2, or 1 for a 4 MiB
//                 page; PAE: 3, or 2 for a 2 MiB page; a failing walk counts the levels it read).
//   tlbHits       translations served by the VMM's own code-translation cache (fetch-cache.ts)
//                 without a walk. Paging off: a translation is neither a walk nor a hit.
//
// Decode side (io-decoder.ts), modelled on a C decoder built around one 256-entry byte-class
// table and one precomputed form table:
//   prefixes      prefix bytes consumed, redundant repeats included.
//   tableLookups  one byte-class lookup per byte examined by the prefix loop (every prefix and
//                 the opcode), plus one form-table lookup (opcode, operand size, REP -> form id,
//                 which also gives the canonical mnemonic) when the opcode is an I/O opcode.
//   branches      data-dependent decisions, each counted once when taken or not taken:
//                   - prefix dispatch: one per byte examined by the prefix loop;
//                   - length limit: one before each byte after a prefix (opcode or another
//                     prefix) and one before the imm8 (the 15-byte rule);
//                   - opcode class: one (not I/O / imm8 port / DX port / string);
//                   - LOCK test: one, for an I/O opcode;
//                   - operand-size tests: one "byte form?" test, and for word/dword opcodes one
//                     more for the operand size (66 against CS.D);
//                   - string forms only: REP test, address-size test (67 against CS.D), and for
//                     OUTS the segment-override test.
// Closed form for a decoded I/O instruction with p prefix bytes:
//   bytesFetched = p + 1 + imm8          tableLookups = p + 2
//   branches     = 2p + 4 + imm8 + wide + 2*string + outs
// where imm8, wide (opcode is a word/dword form), string and outs are 0 or 1. So `EC` costs
// 1 byte / 4 branches / 2 look-ups and `66 F3 6D` 3 bytes / 11 branches / 4 look-ups.
// Invariants: all counts are non-negative integers and depend only on the instruction bytes,
// the guest's paging structures and the cache state, never on timing. pageWalks + tlbHits <=
// pagesTouched <= 2; bytesFetched <= 15.

export interface DecodeSteps {
  bytesFetched: number;
  pagesTouched: number;
  pageWalks: number;
  walkLevels: number;
  tlbHits: number;
  prefixes: number;
  branches: number;
  tableLookups: number;
}

export function emptySteps(): DecodeSteps {
  return { bytesFetched: 0, pagesTouched: 0, pageWalks: 0, walkLevels: 0, tlbHits: 0, prefixes: 0, branches: 0, tableLookups: 0 };
}

export function resetSteps(s: DecodeSteps): void {
  s.bytesFetched = s.pagesTouched = s.pageWalks = s.walkLevels = s.tlbHits = 0;
  s.prefixes = s.branches = s.tableLookups = 0;
}

export function sameSteps(a: DecodeSteps, b: DecodeSteps): boolean {
  return a.bytesFetched === b.bytesFetched && a.pagesTouched === b.pagesTouched && a.pageWalks === b.pageWalks && a.walkLevels === b.walkLevels &&
    a.tlbHits === b.tlbHits && a.prefixes === b.prefixes && a.branches === b.branches && a.tableLookups === b.tableLookups;
}

export function copySteps(from: DecodeSteps, to: DecodeSteps): void {
  to.bytesFetched = from.bytesFetched;
  to.pagesTouched = from.pagesTouched;
  to.pageWalks = from.pageWalks;
  to.walkLevels = from.walkLevels;
  to.tlbHits = from.tlbHits;
  to.prefixes = from.prefixes;
  to.branches = from.branches;
  to.tableLookups = from.tableLookups;
}
