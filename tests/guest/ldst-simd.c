/* FP/SIMD loads and stores: LDR/STR of B/H/S/D/Q in every addressing
 * form, literals, pairs, LD1-LD4/ST1-ST4 (multiple structures, every
 * arrangement, post-index by immediate and register), LD1R-LD4R and the
 * single-lane forms. Prints v0-v7, the memory and the base after each. */
#include <stdint.h>
#include <stdio.h>

static uint8_t buf[512] __attribute__((aligned(16)));
static uint8_t regs[8][16];

static void fill(void)
{
    for (int i = 0; i < 512; i++) {
        buf[i] = (uint8_t)(i * 29 + 3);
    }
}

static uint64_t hash(const uint8_t *p, int n)
{
    uint64_t h = 0;
    for (int i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    return h;
}

/* v0-v7 are preset to a pattern, then insn runs with x0 = buf + 192 and
 * x1 = a register offset; v0-v7 are saved afterwards. */
#define T(insn, off)                                                    \
    do {                                                                \
        uint64_t b = (uint64_t)(uintptr_t)buf + 192;                    \
        fill();                                                         \
        __asm__ volatile("movi v0.16b, #0xa0\n\tmovi v1.16b, #0xa1\n\t" \
                         "movi v2.16b, #0xa2\n\tmovi v3.16b, #0xa3\n\t" \
                         "movi v4.16b, #0xa4\n\tmovi v5.16b, #0xa5\n\t" \
                         "movi v6.16b, #0xa6\n\tmovi v7.16b, #0xa7\n\t" \
                         "mov x0, %0\n\tmov x1, %2\n\t"                 \
                         insn "\n\t"                                    \
                         "mov %0, x0\n\t"                               \
                         "st1 {v0.16b, v1.16b, v2.16b, v3.16b}, [%1], #64\n\t" \
                         "st1 {v4.16b, v5.16b, v6.16b, v7.16b}, [%1]"   \
                         : "+r"(b)                                      \
                         : "r"(regs), "r"((uint64_t)(off))              \
                         : "x0", "x1", "v0", "v1", "v2", "v3", "v4",    \
                           "v5", "v6", "v7", "memory");                 \
        printf("%-44s v0 %016llx:%016llx regs %016llx mem %016llx "     \
               "base%+lld\n", insn,                                     \
               *(unsigned long long *)&regs[0][8],                      \
               *(unsigned long long *)&regs[0][0],                      \
               (unsigned long long)hash(&regs[0][0], 128),              \
               (unsigned long long)hash(buf, 512),                      \
               (long long)(b - (uint64_t)(uintptr_t)buf - 192));        \
    } while (0)

int main(void)
{
    /* Scalar registers, every size and form. */
    T("ldr b0, [x0, #3]", 0);
    T("ldr h0, [x0, #6]", 0);
    T("ldr s0, [x0, #16380]", 0);
    T("ldr s0, [x0, #4]", 0);
    T("ldr d0, [x0, #-0]", 0);
    T("ldr d0, [x0, #8]", 0);
    T("ldr q0, [x0, #32]", 0);
    T("ldur b0, [x0, #-1]", 0);
    T("ldur h0, [x0, #-3]", 0);
    T("ldur s0, [x0, #-5]", 0);
    T("ldur d0, [x0, #7]", 0);
    T("ldur q0, [x0, #-17]", 0);
    T("ldr b0, [x0, #1]!", 0);
    T("ldr h0, [x0], #-2", 0);
    T("ldr s0, [x0, #-4]!", 0);
    T("ldr d0, [x0], #8", 0);
    T("ldr q0, [x0, #-32]!", 0);
    T("ldr q0, [x0], #48", 0);
    T("ldr b0, [x0, x1]", 5);
    T("ldr h0, [x0, x1, lsl #1]", 3);
    T("ldr s0, [x0, w1, sxtw #2]", -3);
    T("ldr d0, [x0, w1, uxtw #3]", 2);
    T("ldr q0, [x0, x1, lsl #4]", -2);
    T("ldr q0, [x0, w1, sxtw]", -7);
    T("str b0, [x0, #3]", 0);
    T("str h0, [x0, #6]", 0);
    T("str s0, [x0, #4]", 0);
    T("str d0, [x0, #8]", 0);
    T("str q0, [x0, #32]", 0);
    T("stur h0, [x0, #-3]", 0);
    T("stur q0, [x0, #-17]", 0);
    T("str s0, [x0, #-4]!", 0);
    T("str q0, [x0], #-16", 0);
    T("str d0, [x0, x1, lsl #3]", 3);
    T("str q0, [x0, w1, sxtw #4]", -1);
    /* Literals. */
    T("ldr s0, 1f\n\tldr d1, 1f\n\tldr q2, 1f\n\tb 2f\n\t.balign 16\n"
      "1:\t.quad 0x1122334455667788, 0x99aabbccddeeff00\n2:", 0);
    /* Pairs. */
    T("ldp s0, s1, [x0, #-8]", 0);
    T("ldp d0, d1, [x0, #16]!", 0);
    T("ldp q0, q1, [x0], #-64", 0);
    T("ldp q6, q7, [x0, #1008]", 0);
    T("ldnp d2, d3, [x0, #-16]", 0);
    T("ldnp q2, q3, [x0, #32]", 0);
    T("ldp d0, d0, [x0]", 0);
    T("stp s0, s1, [x0, #-8]", 0);
    T("stp d0, d1, [x0, #16]!", 0);
    T("stp q0, q1, [x0], #-64", 0);
    T("stnp q2, q3, [x0, #32]", 0);
    T("stnp s4, s5, [x0, #-4]", 0);
    /* LD1/ST1 multiple. */
    T("ld1 {v0.8b}, [x0]", 0);
    T("ld1 {v0.16b}, [x0], #16", 0);
    T("ld1 {v0.4h, v1.4h}, [x0], #16", 0);
    T("ld1 {v0.8h, v1.8h}, [x0], x1", 5);
    T("ld1 {v0.2s, v1.2s, v2.2s}, [x0]", 0);
    T("ld1 {v0.4s, v1.4s, v2.4s}, [x0], #48", 0);
    T("ld1 {v0.1d, v1.1d, v2.1d, v3.1d}, [x0], #32", 0);
    T("ld1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x0], #64", 0);
    T("st1 {v0.8b}, [x0]", 0);
    T("st1 {v1.16b, v2.16b}, [x0], #32", 0);
    T("st1 {v0.4h, v1.4h, v2.4h}, [x0], x1", -24);
    T("st1 {v4.2d, v5.2d, v6.2d, v7.2d}, [x0], #64", 0);
    /* LD2-4/ST2-4: interleaved. */
    T("ld2 {v0.8b, v1.8b}, [x0]", 0);
    T("ld2 {v0.16b, v1.16b}, [x0], #32", 0);
    T("ld2 {v0.4h, v1.4h}, [x0]", 0);
    T("ld2 {v0.4s, v1.4s}, [x0], x1", 1);
    T("ld2 {v0.2d, v1.2d}, [x0]", 0);
    T("ld3 {v0.8b, v1.8b, v2.8b}, [x0], #24", 0);
    T("ld3 {v0.8h, v1.8h, v2.8h}, [x0]", 0);
    T("ld3 {v5.4s, v6.4s, v7.4s}, [x0]", 0);
    T("ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64", 0);
    T("ld4 {v0.2s, v1.2s, v2.2s, v3.2s}, [x0]", 0);
    T("ld4 {v4.2d, v5.2d, v6.2d, v7.2d}, [x0]", 0);
    T("st2 {v0.8b, v1.8b}, [x0]", 0);
    T("st2 {v0.8h, v1.8h}, [x0], #32", 0);
    T("st3 {v0.4s, v1.4s, v2.4s}, [x0]", 0);
    T("st3 {v0.8b, v1.8b, v2.8b}, [x0], x1", 3);
    T("st4 {v0.4h, v1.4h, v2.4h, v3.4h}, [x0]", 0);
    T("st4 {v4.2d, v5.2d, v6.2d, v7.2d}, [x0], #64", 0);
    /* Replicate and single lane. */
    T("ld1r {v0.8b}, [x0]", 0);
    T("ld1r {v0.16b}, [x0], #1", 0);
    T("ld1r {v0.4h}, [x0], x1", 7);
    T("ld1r {v0.4s}, [x0]", 0);
    T("ld1r {v0.1d}, [x0]", 0);
    T("ld1r {v0.2d}, [x0], #8", 0);
    T("ld2r {v0.8h, v1.8h}, [x0], #4", 0);
    T("ld3r {v0.2s, v1.2s, v2.2s}, [x0]", 0);
    T("ld4r {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #4", 0);
    T("ld1 {v0.b}[9], [x0]", 0);
    T("ld1 {v0.h}[3], [x0], #2", 0);
    T("ld1 {v0.s}[2], [x0], x1", 9);
    T("ld1 {v0.d}[1], [x0]", 0);
    T("ld2 {v0.b, v1.b}[15], [x0], #2", 0);
    T("ld3 {v0.h, v1.h, v2.h}[5], [x0]", 0);
    T("ld4 {v0.s, v1.s, v2.s, v3.s}[3], [x0], #16", 0);
    T("ld2 {v6.d, v7.d}[1], [x0]", 0);
    T("st1 {v0.b}[9], [x0]", 0);
    T("st1 {v1.h}[7], [x0], #2", 0);
    T("st1 {v2.s}[1], [x0]", 0);
    T("st1 {v3.d}[1], [x0], x1", -8);
    T("st2 {v0.s, v1.s}[3], [x0]", 0);
    T("st4 {v4.b, v5.b, v6.b, v7.b}[0], [x0], #4", 0);
    return 0;
}
