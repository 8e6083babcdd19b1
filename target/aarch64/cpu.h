/* AArch64 CPU state as the translated code, the register layer and the
 * Linux layer see it. */
#ifndef AARCH64_CPU_H
#define AARCH64_CPU_H

#include "src/cpu.h"

/* The CPU model: what we implement and advertise (-cpu help). The ID
 * values are those of a Cortex-A53, so glibc picks the same routines as
 * under qemu-aarch64 -cpu cortex-a53 (lockstep tests rely on it). */
#define A64_MIDR   0x410fd034ull
#define A64_CTR    0x84448004ull
#define A64_DCZID  0x4ull            /* DC ZVA zeroes 64 bytes */
#define A64_CNTFRQ 1000000000ull     /* CNTVCT counts nanoseconds */

/* AT_HWCAP bits (Linux arm64 uapi). */
#define A64_HWCAP_FP      (1u << 0)
#define A64_HWCAP_ASIMD   (1u << 1)
#define A64_HWCAP_EVTSTRM (1u << 2)
#define A64_HWCAP_AES     (1u << 3)
#define A64_HWCAP_PMULL   (1u << 4)
#define A64_HWCAP_SHA1    (1u << 5)
#define A64_HWCAP_SHA2    (1u << 6)
#define A64_HWCAP_CRC32   (1u << 7)
#define A64_HWCAP_CPUID   (1u << 11)

typedef struct ARMCPU {
    CPUState parent;

    uint64_t xregs[32];      /* x0..x30, and sp at 31 */
    uint64_t pc;
    /* NZCV, kept so each flag is cheap to compute and test:
     * N is bit 63 of NF, Z is (ZF == 0), C is CF (0 or 1), V is bit 63 of
     * VF. 32-bit operations store NF and VF sign-extended and ZF
     * zero-extended. */
    uint64_t NF, ZF, CF, VF;

    /* v0..v31: [0] is bits 63:0, [1] bits 127:64 (host little-endian). */
    uint64_t vregs[32][2] __attribute__((aligned(16)));
    uint32_t fpcr, fpsr;

    uint64_t tpidr_el0, tpidrro_el0;

    /* LDXR/STXR: the address and value(s) loaded, or -1 when no
     * exclusive access is open. */
    uint64_t exclusive_addr, exclusive_val, exclusive_high;
} ARMCPU;

#define A64_OFF(field) ((int)offsetof(ARMCPU, field))

static inline ARMCPU *arm_cpu(CPUState *cpu)
{
    return (ARMCPU *)cpu;
}

/* NZCV as the architecture shows it (bits 31:28). */
static inline uint32_t a64_get_nzcv(const ARMCPU *c)
{
    return (uint32_t)((c->NF >> 63) << 31 | (uint64_t)(c->ZF == 0) << 30 |
                      (c->CF & 1) << 29 | (c->VF >> 63) << 28);
}

static inline void a64_set_nzcv(ARMCPU *c, uint32_t v)
{
    c->NF = (v >> 31) & 1 ? ~0ull : 0;
    c->ZF = (v >> 30) & 1 ? 0 : 1;
    c->CF = (v >> 29) & 1;
    c->VF = (v >> 28) & 1 ? ~0ull : 0;
}

extern const struct Target aarch64_target;
struct TargetRegs;
extern const struct TargetRegs aarch64_regs;
struct TargetSignal;
extern const struct TargetSignal aarch64_signal;

#endif
