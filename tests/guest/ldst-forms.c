/* Every integer load/store addressing form, size and sign, written in
 * assembly so each encoding is reached: unsigned offset, pre/post index,
 * unscaled, unprivileged, register offset with each extend, literal,
 * prefetch, pairs (LDPSW, non-temporal, writeback), SP as base, XZR as
 * data, and the unpredictable Rt == Rn writeback cases as qemu-aarch64
 * resolves them. Prints what each form loaded, stored and wrote back. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint8_t buf[256] __attribute__((aligned(16)));

static void fill(void)
{
    for (int i = 0; i < 256; i++) {
        buf[i] = (uint8_t)(i * 37 + 0x81);
    }
}

static uint64_t buf_sum(void)
{
    uint64_t s = 0;
    for (int i = 0; i < 256; i++) {
        s = (s ^ buf[i]) * 0x100000001b3ull;
    }
    return s;
}

static void show(const char *what, uint64_t v, uint64_t base)
{
    printf("%-28s %016llx base%+lld mem %016llx\n", what,
           (unsigned long long)v,
           (long long)(base - (uint64_t)(uintptr_t)buf),
           (unsigned long long)buf_sum());
}

/* A load into x0 from base x1 = buf + 64 (x2 = a register offset). */
#define LD(insn, off)                                                   \
    do {                                                                \
        uint64_t v = 0x5555555555555555ull;                             \
        uint64_t b = (uint64_t)(uintptr_t)buf + 64;                     \
        fill();                                                         \
        __asm__ volatile(insn : "+r"(v), "+r"(b) : "r"((uint64_t)(off)) \
                         : "memory");                                   \
        show(insn, v, b);                                               \
    } while (0)

/* A store of x0 = pattern, base x1 = buf + 64. */
#define ST(insn, off)                                                   \
    do {                                                                \
        uint64_t v = 0xfedcba9876543210ull;                             \
        uint64_t b = (uint64_t)(uintptr_t)buf + 64;                     \
        fill();                                                         \
        __asm__ volatile(insn : "+r"(v), "+r"(b) : "r"((uint64_t)(off)) \
                         : "memory");                                   \
        show(insn, v, b);                                               \
    } while (0)

static void singles(void)
{
    /* Unsigned offset. */
    LD("ldrb %w0, [%1, #5]", 0);
    LD("ldrsb %w0, [%1, #1]", 0);
    LD("ldrsb %0, [%1, #1]", 0);
    LD("ldrh %w0, [%1, #6]", 0);
    LD("ldrsh %w0, [%1, #2]", 0);
    LD("ldrsh %0, [%1, #4094]", 0);
    LD("ldr %w0, [%1, #12]", 0);
    LD("ldrsw %0, [%1, #4]", 0);
    LD("ldr %0, [%1, #184]", 0);
    LD("ldr %0, [%1]", 0);
    ST("strb %w0, [%1, #3]", 0);
    ST("strh %w0, [%1, #10]", 0);
    ST("str %w0, [%1, #20]", 0);
    ST("str %0, [%1, #32]", 0);
    ST("str xzr, [%1, #8]", 0);
    ST("strb wzr, [%1, #9]", 0);
    /* Unscaled, negative and odd offsets. */
    LD("ldurb %w0, [%1, #-1]", 0);
    LD("ldursb %w0, [%1, #-3]", 0);
    LD("ldursb %0, [%1, #-3]", 0);
    LD("ldurh %w0, [%1, #-5]", 0);
    LD("ldursh %w0, [%1, #7]", 0);
    LD("ldursh %0, [%1, #-255]", 0);
    LD("ldur %w0, [%1, #-13]", 0);
    LD("ldursw %0, [%1, #-7]", 0);
    LD("ldur %0, [%1, #255]", 0);
    ST("sturb %w0, [%1, #-1]", 0);
    ST("sturh %w0, [%1, #-3]", 0);
    ST("stur %w0, [%1, #-7]", 0);
    ST("stur %0, [%1, #-9]", 0);
    /* Unprivileged: ordinary accesses at EL0. */
    LD("ldtrb %w0, [%1, #-1]", 0);
    LD("ldtrsb %0, [%1, #3]", 0);
    LD("ldtrsh %w0, [%1, #3]", 0);
    LD("ldtrh %w0, [%1, #-2]", 0);
    LD("ldtr %w0, [%1, #1]", 0);
    LD("ldtrsw %0, [%1, #-4]", 0);
    LD("ldtr %0, [%1, #-64]", 0);
    ST("sttrb %w0, [%1, #2]", 0);
    ST("sttrh %w0, [%1, #2]", 0);
    ST("sttr %w0, [%1, #2]", 0);
    ST("sttr %0, [%1, #2]", 0);
    /* Pre and post index. */
    LD("ldrb %w0, [%1, #-7]!", 0);
    LD("ldrsb %0, [%1], #9", 0);
    LD("ldrsh %w0, [%1, #-2]!", 0);
    LD("ldrh %w0, [%1], #-2", 0);
    LD("ldr %w0, [%1, #4]!", 0);
    LD("ldrsw %0, [%1], #-100", 0);
    LD("ldr %0, [%1, #-64]!", 0);
    LD("ldr %0, [%1], #255", 0);
    ST("strb %w0, [%1, #1]!", 0);
    ST("strh %w0, [%1], #-3", 0);
    ST("str %w0, [%1, #-4]!", 0);
    ST("str %0, [%1], #16", 0);
    /* Register offset with each extend and shift. */
    LD("ldrb %w0, [%1, %2]", 7);
    LD("ldrb %w0, [%1, %w2, uxtw]", 0x100000003ull);
    LD("ldrsb %0, [%1, %w2, sxtw]", -5);
    LD("ldrsb %w0, [%1, %2, lsl #0]", 11);
    LD("ldrh %w0, [%1, %2, lsl #1]", 3);
    LD("ldrsh %0, [%1, %w2, sxtw #1]", -3);
    LD("ldrsh %w0, [%1, %w2, uxtw #1]", 0xffffffff00000005ull);
    LD("ldr %w0, [%1, %2, lsl #2]", -2);
    LD("ldr %w0, [%1, %w2, sxtw]", -9);
    LD("ldrsw %0, [%1, %w2, uxtw #2]", 4);
    LD("ldr %0, [%1, %2, sxtx #3]", -4);
    LD("ldr %0, [%1, %w2, sxtw #3]", 0xfffffff9ull);
    LD("ldr %0, [%1, %2]", 13);
    ST("strb %w0, [%1, %w2, sxtw]", -1);
    ST("strh %w0, [%1, %2, lsl #1]", 9);
    ST("str %w0, [%1, %w2, uxtw #2]", 3);
    ST("str %0, [%1, %2, sxtx #3]", -2);
    ST("str %0, [%1, %w2, sxtw]", -17);
    ST("str xzr, [%1, %2]", 1);
    /* Prefetches are hints: even a wild address does not fault. */
    LD("prfm pldl1keep, [%1, #8]\n\tprfum pstl2strm, [%1, #-3]\n\t"
       "prfm pldl3keep, [%1, %2]", 0x7ff000000000ull);
    /* Loads into XZR still access memory; the register stays zero. */
    LD("ldr xzr, [%1, #8]\n\tmov %0, xzr", 0);
    LD("ldrsb wzr, [%1], #1\n\tmov %0, xzr", 0);
}

static const uint64_t lit_d = 0x8877665544332211ull;

static void literals(void)
{
    uint64_t x, w, sw, p;
    __asm__ volatile("ldr %0, 1f\n\tldr %w1, 1f\n\tldrsw %2, 2f\n\t"
                     "prfm pldl1keep, 1f\n\tldr %3, 3f\n\tb 4f\n\t"
                     ".balign 8\n1:\t.quad 0x8070605040302010\n"
                     "2:\t.word 0x80000001\n\t.word 0\n"
                     "3:\t.quad 0x1122334455667788\n4:"
                     : "=r"(x), "=r"(w), "=r"(sw), "=r"(p));
    printf("literal %016llx %016llx %016llx %016llx %016llx\n",
           (unsigned long long)x, (unsigned long long)w,
           (unsigned long long)sw, (unsigned long long)p,
           (unsigned long long)lit_d);
}

/* Pairs: loads into x0/x3, base x1, stores of x0/x3. */
#define PAIR(insn)                                                      \
    do {                                                                \
        uint64_t v = 0x0123456789abcdefull, v2 = 0xa5a5a5a5deadbeefull; \
        uint64_t b = (uint64_t)(uintptr_t)buf + 128;                    \
        fill();                                                         \
        __asm__ volatile(insn : "+r"(v), "+r"(b), "+r"(v2) : : "memory"); \
        show(insn, v ^ (v2 << 1), b);                                   \
    } while (0)

static void pairs(void)
{
    PAIR("ldp %w0, %w2, [%1, #-8]");
    PAIR("ldp %0, %2, [%1, #504]");
    PAIR("ldp %0, %2, [%1, #-512]");
    PAIR("ldpsw %0, %2, [%1, #4]");
    PAIR("ldpsw %0, %2, [%1, #-8]!");
    PAIR("ldpsw %0, %2, [%1], #12");
    PAIR("ldp %w0, %w2, [%1, #-256]!");
    PAIR("ldp %w0, %w2, [%1], #252");
    PAIR("ldp %0, %2, [%1, #16]!");
    PAIR("ldp %0, %2, [%1], #-16");
    PAIR("ldnp %0, %2, [%1, #-24]");
    PAIR("ldnp %w0, %w2, [%1, #20]");
    PAIR("stp %w0, %w2, [%1, #-4]");
    PAIR("stp %0, %2, [%1, #8]");
    PAIR("stp %0, %2, [%1, #-32]!");
    PAIR("stp %w0, %w2, [%1], #-12");
    PAIR("stp %0, %2, [%1], #40");
    PAIR("stnp %0, %2, [%1, #-40]");
    PAIR("stnp %w0, %w2, [%1, #36]");
    PAIR("stp xzr, %2, [%1, #8]");
    PAIR("stp %w0, wzr, [%1]");
    PAIR("stp wzr, wzr, [%1, #4]");
    PAIR("ldp xzr, %2, [%1]");
    PAIR("ldp %w0, wzr, [%1, #4]");
    PAIR("ldp %0, %0, [%1]");              /* Rt == Rt2 */
}

/* Rt == Rn with writeback (constrained unpredictable), as raw words so
 * the assembler accepts them; x1 is both. */
#define RAW(word)                                                       \
    do {                                                                \
        register uint64_t b __asm__("x1") = (uint64_t)(uintptr_t)buf + 64; \
        register uint64_t v2 __asm__("x2") = 7;                         \
        fill();                                                         \
        __asm__ volatile(".inst " #word : "+r"(b), "+r"(v2) : : "memory"); \
        show("raw " #word, v2, b);                                      \
    } while (0)

static void rt_is_rn(void)
{
    RAW(0xf8408421);   /* ldr x1, [x1], #8 */
    RAW(0xf85f8c21);   /* ldr x1, [x1, #-8]! */
    RAW(0xf8008421);   /* str x1, [x1], #8 */
    RAW(0xf81f8c21);   /* str x1, [x1, #-8]! */
    RAW(0xa8c10821);   /* ldp x1, x2, [x1], #16 */
    RAW(0xa9c10422);   /* ldp x2, x1, [x1, #16]! */
    RAW(0xa8810821);   /* stp x1, x2, [x1], #16 */
    RAW(0xa9bf0421);   /* stp x1, x1, [x1, #-16]! */
    RAW(0x38401c21);   /* ldrb w1, [x1, #1]! */
}

static void sp_base(void)
{
    uint64_t r1, r2, r3;
    __asm__ volatile("mov x9, sp\n\t"
                     "stp %3, %4, [sp, #-32]!\n\t"
                     "str %3, [sp, #16]\n\t"
                     "ldrb w10, [sp, #1]\n\t"
                     "ldr %0, [sp], #8\n\t"
                     "ldur %1, [sp, #8]\n\t"
                     "ldrsh %2, [sp, #6]\n\t"
                     "add %0, %0, x10\n\t"
                     "mov x10, sp\n\t"
                     "sub x10, x9, x10\n\t"
                     "add %2, %2, x10\n\t"
                     "mov sp, x9"
                     : "=&r"(r1), "=&r"(r2), "=&r"(r3)
                     : "r"(0x1122334455667788ull), "r"(0x99aabbccddeeff00ull)
                     : "x9", "x10", "memory");
    printf("sp base %016llx %016llx %016llx\n", (unsigned long long)r1,
           (unsigned long long)r2, (unsigned long long)r3);
}

int main(void)
{
    singles();
    literals();
    pairs();
    rt_is_rn();
    sp_base();
    return 0;
}
