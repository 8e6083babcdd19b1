/* AdvSIMD integer and vector FP operations on edge-value inputs: each
 * instruction runs on every pair of a small input set and its result
 * register is printed in hex, to compare with qemu-aarch64. */
#include <stdint.h>
#include <stdio.h>

typedef struct V {
    uint64_t lo, hi;
} V;

/* v0 = a, v1 = b, v2 = d (the destination's old value, for accumulating
 * and inserting forms); v3, v4 and v31 are copies for table lookups. */
#define OP(name, insn)                                                  \
    static void name(const V *a, const V *b, V *d)                      \
    {                                                                   \
        __asm__ volatile("ldr q0, [%1]\n\tldr q1, [%2]\n\t"             \
                         "ldr q2, [%0]\n\tmov v3.16b, v0.16b\n\t"         \
                         "mov v4.16b, v1.16b\n\tmov v31.16b, v0.16b\n\t"       \
                         insn "\n\tstr q2, [%0]"                        \
                         : : "r"(d), "r"(a), "r"(b)                     \
                         : "v0", "v1", "v2", "v3", "v4", "v31", "x9",      \
                           "memory");           \
    }
#include "simd-ops.inc"
#undef OP

static const struct {
    const char *name;
    void (*fn)(const V *, const V *, V *);
} ops[] = {
#define OP(name, insn) { insn, name },
#include "simd-ops.inc"
#undef OP
};

static const V inputs[] = {
    { 0, 0 },
    { ~0ull, ~0ull },
    { 0x8000000000000000ull, 0x0000000000000001ull },
    { 0x7f7f7f7f80808080ull, 0x0102030405060708ull },
    { 0x00ff00ff12345678ull, 0xfedcba9876543210ull },
    { 0x3ff0000000000000ull, 0xbff8000000000000ull },   /* 1.0, -1.5 */
    { 0x3f800000c0200000ull, 0x7fc000007f800000ull },   /* 1.0f, -2.5f.. */
    { 0x0f0e0d0c0b0a0908ull, 0x0706050403020100ull },   /* TBL indices */
    { 0x8000800080008000ull, 0x7fff7fff00010001ull },
};
#define NIN (sizeof(inputs) / sizeof(inputs[0]))

int main(void)
{
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        uint64_t h = 0;
        printf("%s:", ops[k].name);
        for (size_t i = 0; i < NIN; i++) {
            for (size_t j = 0; j < NIN; j += 2) {
                V d = { 0x5555aaaa5555aaaaull ^ (i * 77), 0x1234 + j };
                ops[k].fn(&inputs[i], &inputs[j], &d);
                h = (h ^ d.lo) * 0x100000001b3ull;
                h = (h ^ d.hi) * 0x100000001b3ull;
                if (i == 4 && j == 2) {
                    printf(" %016llx:%016llx", (unsigned long long)d.hi,
                           (unsigned long long)d.lo);
                }
            }
        }
        printf(" %016llx\n", (unsigned long long)h);
    }
    return 0;
}
