// Register numbering and EFLAGS / CR bit constants shared by the decoder, the executor and the
// conformance runner. General registers use the x86 encoding order (EAX=0 ... EDI=7); segment
// registers use the Sreg encoding order (ES=0, CS=1, SS=2, DS=3, FS=4, GS=5).
export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
export const ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
export const REG_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
export const SEG_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;
export type RegName = (typeof REG_NAMES)[number];

export const CF = 1 << 0, PF = 1 << 2, AF = 1 << 4, ZF = 1 << 6, SF = 1 << 7, TF = 1 << 8;
export const IF = 1 << 9, DF = 1 << 10, OF = 1 << 11, IOPL = 3 << 12, NT = 1 << 14, RF = 1 << 16;
export const VM = 1 << 17, AC = 1 << 18, ID = 1 << 21;
/** The six arithmetic status flags, the ones that may be computed lazily. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/** Bit 1 of EFLAGS always reads as one. */
export const FLAGS_FIXED = 1 << 1;

export const CR0_PE = 1 << 0, CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3, CR0_ET = 1 << 4;
export const CR0_NE = 1 << 5, CR0_WP = 1 << 16, CR0_AM = 1 << 18, CR0_PG = 1 << 31;
export const CR4_TSD = 1 << 2, CR4_PSE = 1 << 4, CR4_PAE = 1 << 5, CR4_PGE = 1 << 7;
export const EFER_NXE = 1 << 11;
export const MSR_EFER = 0xc0000080;
export const MSR_TSC = 0x10;
