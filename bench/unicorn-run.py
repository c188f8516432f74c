#!/usr/bin/python3
# The Unicorn side of bench/cpu.bench.ts: runs the same flat 32-bit guest program on Unicorn
# (QEMU's TCG as a library; Debian's python3-unicorn) with the same memory image — RAM size,
# page tables, code, ring 0, paging on — from the entry point to the program's final HLT, and
# prints the wall-clock and CPU seconds of each run as JSON. Only emu_start is timed: creating the
# engine, mapping and filling memory are excluded. Each run uses a fresh engine (fresh memory,
# so every run executes the same instructions). Also prints the final general registers (EAX..EDI)
# of the last run, which the bench compares with ExitScope's.
# stdin (JSON): {"ram": bytes, "blobs": [[addr, hex], ...], "entry": a, "stop": a,
#                "esp": v, "cr3": v, "cr4": v, "runs": n}
import json
import sys
import time

from unicorn import Uc, UC_ARCH_X86, UC_MODE_32
from unicorn.x86_const import (UC_X86_REG_CR0, UC_X86_REG_CR3, UC_X86_REG_CR4, UC_X86_REG_EAX, UC_X86_REG_EBP,
                               UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDI, UC_X86_REG_EDX, UC_X86_REG_ESI,
                               UC_X86_REG_ESP)

# in the CPU's register order (EAX ECX EDX EBX ESP EBP ESI EDI)
REGS = [UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX, UC_X86_REG_ESP, UC_X86_REG_EBP,
        UC_X86_REG_ESI, UC_X86_REG_EDI]


def run_once(job, blobs):
    uc = Uc(UC_ARCH_X86, UC_MODE_32)
    uc.mem_map(0, job["ram"])
    for addr, data in blobs:
        uc.mem_write(addr, data)
    uc.reg_write(UC_X86_REG_ESP, job["esp"])
    uc.reg_write(UC_X86_REG_CR3, job["cr3"])
    uc.reg_write(UC_X86_REG_CR4, job["cr4"])
    uc.reg_write(UC_X86_REG_CR0, uc.reg_read(UC_X86_REG_CR0) | 0x80000001)
    t0, c0 = time.perf_counter(), time.process_time()
    uc.emu_start(job["entry"], job["stop"])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return (wall, cpu), [uc.reg_read(r) for r in REGS]


def main():
    job = json.load(sys.stdin)
    blobs = [(addr, bytes.fromhex(data)) for addr, data in job["blobs"]]
    results = [run_once(job, blobs) for _ in range(job["runs"])]
    json.dump({"seconds": [s[0] for s, _ in results], "cpuSeconds": [s[1] for s, _ in results],
               "regs": results[-1][1]}, sys.stdout)


main()
