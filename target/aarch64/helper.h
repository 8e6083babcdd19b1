/* Run-time helpers of the A64 integer translators (translate-dp.c,
 * translate-branch.c), and what those two files share at translation time. */
#ifndef A64_HELPER_H
#define A64_HELPER_H

#include "target/aarch64/translate.h"

/* Division with A64's answers for the cases C leaves undefined: x / 0 is
 * 0 and INT_MIN / -1 is INT_MIN. The 32-bit forms read the low halves. */
uint64_t helper_udiv64(CPUState *cpu, uint64_t n, uint64_t m);
uint64_t helper_sdiv64(CPUState *cpu, uint64_t n, uint64_t m);
uint64_t helper_udiv32(CPUState *cpu, uint64_t n, uint64_t m);
uint64_t helper_sdiv32(CPUState *cpu, uint64_t n, uint64_t m);

uint64_t helper_rbit64(CPUState *cpu, uint64_t x);
uint64_t helper_rbit32(CPUState *cpu, uint64_t x);

/* CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41), bit-reflected,
 * of the low 1, 2, 4 or 8 bytes of val into the 32-bit accumulator. */
uint64_t helper_crc32_1(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32_2(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32_4(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32_8(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32c_1(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32c_2(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32c_4(CPUState *cpu, uint64_t acc, uint64_t val);
uint64_t helper_crc32c_8(CPUState *cpu, uint64_t acc, uint64_t val);

/* MRS/MSR NZCV: the architectural bits 31:28 from and to the split flags. */
uint64_t helper_get_nzcv(CPUState *cpu);
uint64_t helper_set_nzcv(CPUState *cpu, uint64_t val);
/* CNTVCT_EL0: CLOCK_MONOTONIC in nanoseconds (CNTFRQ_EL0 is 1 GHz). */
uint64_t helper_cntvct(CPUState *cpu);
/* DC ZVA: zero the 64-byte block holding addr; a fault is the guest's. */
uint64_t helper_dc_zva(CPUState *cpu, uint64_t addr);

/* The low bits of v as a signed number (immediates and offsets). */
static inline int64_t a64_sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* A condition for a branch or select, as "a cond b" (64 or 32 bits).
 * Right after a plain CMP the registers compared stand in for the flags,
 * which saves recomputing e.g. GT from N, Z and V. */
typedef struct A64Cond {
    TCGCond cond;
    TCGv a, b;
    bool is32;          /* compare the low 32 bits */
} A64Cond;
void a64_gen_cond(DisasContext *s, int cc, A64Cond *c);
/* Only the fused form: false (and nothing emitted) when the previous
 * instruction is no CMP this condition can use. */
bool a64_gen_cond_fused(DisasContext *s, int cc, A64Cond *c);

#endif
