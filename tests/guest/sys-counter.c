/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* What a process reads from the system registers whose values differ
 * between emu and qemu-aarch64 -cpu cortex-a53 by design, so only their
 * properties are printed (the lockstep trace of this program differs in
 * those registers): CNTFRQ_EL0 (emu 1 GHz, qemu 62.5 MHz), CNTVCT_EL0
 * (time itself), ID_AA64ISAR0_EL1 (emu advertises CRC32 only, qemu's
 * Cortex-A53 also AES, SHA1, SHA2). */
#include "dp-nolibc.h"

#define MRS(reg)                                                        \
    ({                                                                  \
        uint64_t v_;                                                    \
        __asm__ volatile("mrs %0, " reg : "=r"(v_));                    \
        v_;                                                             \
    })

int main(int argc, char **argv)
{
    uint64_t freq = MRS("cntfrq_el0");
    uint64_t a = MRS("cntvct_el0");
    uint64_t isar0 = MRS("id_aa64isar0_el1");

    (void)argc;
    (void)argv;
    for (volatile int i = 0; i < 2000; i++) {
    }
    uint64_t b = MRS("cntvct_el0");
    uint64_t c = MRS("cntvct_el0");
    expect("cntfrq_el0 at least 1 MHz", freq >= 1000000, 1);
    expect("cntvct_el0 advances", b > a, 1);
    expect("cntvct_el0 never goes back", c >= b, 1);
    /* CRC32 is both advertised by emu and present on a Cortex-A53. */
    expect("id_aa64isar0_el1.crc32", isar0 >> 16 & 15, 1);
    return finish();
}
