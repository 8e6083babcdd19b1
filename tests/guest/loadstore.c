/* Self-checking loads and stores: every size, signed and unsigned, at
 * every alignment, through the addressing modes C code produces (offset,
 * pre/post index, register offset with extend, pairs, struct copies) and a
 * few only assembly reaches (LDPSW, LDNP, literal, acquire/release). */
#include <stdlib.h>
#include "guest-util.h"

/* Expected sums come from the host build, like arith.c's:
 *   cc -O2 tests/guest/loadstore.c -o /tmp/l &&
 *   /tmp/l --table >tests/guest/loadstore-expected.h */

#define BUF 512
static volatile uint8_t buf[BUF] __attribute__((aligned(64)));
static uint8_t scratch[BUF] __attribute__((aligned(64)));

static void fill(uint32_t seed)
{
    for (int i = 0; i < BUF; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)(seed >> 16);
    }
}

/* Loads of every size and sign at offsets 0..15 through volatile typed
 * pointers: unaligned ones are allowed for normal A64 loads. */
static uint64_t t_load_sizes(void)
{
    uint64_t h = 0;
    fill(1);
    for (int off = 0; off < 16; off++) {
        volatile uint8_t *p = buf + 64 + off;
        h = mix64(h, *(volatile uint8_t *)p);
        h = mix64(h, (uint64_t)(int64_t)*(volatile int8_t *)p);
        h = mix64(h, *(volatile uint16_t *)p);
        h = mix64(h, (uint64_t)(int64_t)*(volatile int16_t *)p);
        h = mix64(h, *(volatile uint32_t *)p);
        h = mix64(h, (uint64_t)(int64_t)*(volatile int32_t *)p);
        h = mix64(h, *(volatile uint64_t *)p);
        /* 32-bit destinations: LDRSB/LDRSH into a W register. */
        h = mix64(h, (uint32_t)(int32_t)*(volatile int8_t *)p);
        h = mix64(h, (uint32_t)(int32_t)*(volatile int16_t *)p);
    }
    return h;
}

static uint64_t t_store_sizes(void)
{
    uint64_t h = 0;
    for (int off = 0; off < 16; off++) {
        fill(off);
        volatile uint8_t *p = buf + 128 + off;
        *(volatile uint8_t *)p = (uint8_t)(0xa5 + off);
        *(volatile uint16_t *)(p + 3) = (uint16_t)(0xbeef ^ off);
        *(volatile uint32_t *)(p + 7) = 0xdeadbeefu + off;
        *(volatile uint64_t *)(p + 13) = 0x0123456789abcdefull * (off + 1);
        for (int i = 120; i < 160; i++) {
            h = mix64(h, buf[i]);
        }
    }
    return h;
}

static uint64_t t_memcpy_unaligned(void)
{
    uint64_t h = 0;
    fill(7);
    for (int off = 0; off < 16; off++) {
        uint16_t a;
        uint32_t b;
        uint64_t c;
        memcpy(&a, (const void *)(buf + off), sizeof a);
        memcpy(&b, (const void *)(buf + off + 2), sizeof b);
        memcpy(&c, (const void *)(buf + off + 6), sizeof c);
        h = mix64(h, a); h = mix64(h, b); h = mix64(h, c);
        c = ~c;
        memcpy(scratch + off * 3, &c, sizeof c);
        memcpy(scratch + off * 3 + 8, &b, sizeof b);
    }
    for (int i = 0; i < 64; i++) {
        h = mix64(h, scratch[i]);
    }
    return h;
}

/* Post-increment walks (LDR/STR with writeback) of each element size. */
static uint64_t t_walks(void)
{
    uint64_t h = 0;
    fill(3);
    const volatile int8_t *p8 = (const volatile int8_t *)buf;
    const volatile int16_t *p16 = (const volatile int16_t *)buf;
    const volatile int32_t *p32 = (const volatile int32_t *)buf;
    const volatile int64_t *p64 = (const volatile int64_t *)buf;
    for (int i = 0; i < 64; i++) h += (uint64_t)(int64_t)*p8++;
    for (int i = 0; i < 64; i++) h += (uint64_t)(int64_t)*p16++ * 3;
    for (int i = 0; i < 64; i++) h += (uint64_t)(int64_t)*p32++ * 5;
    for (int i = 0; i < 32; i++) h += (uint64_t)*p64++ * 7;
    volatile uint32_t *q = (volatile uint32_t *)(buf + 256);
    for (int i = 0; i < 32; i++) *q++ = (uint32_t)h + i;
    volatile uint16_t *r = (volatile uint16_t *)(buf + BUF);
    for (int i = 0; i < 32; i++) *--r = (uint16_t)(h >> 7) - i;
    for (int i = 256; i < BUF; i++) h = mix64(h, buf[i]);
    return h;
}

/* Register offsets: signed and unsigned 32-bit indexes (SXTW/UXTW),
 * scaled and not. */
static uint64_t __attribute__((noinline))
index_loads(const volatile int32_t *a, int si, unsigned ui, long li)
{
    uint64_t h = 0;
    h = mix64(h, (uint64_t)(int64_t)a[si]);
    h = mix64(h, (uint64_t)(int64_t)a[ui]);
    h = mix64(h, (uint64_t)(int64_t)a[li]);
    h = mix64(h, ((const volatile uint8_t *)a)[si]);
    h = mix64(h, ((const volatile uint16_t *)a)[ui]);
    h = mix64(h, ((const volatile uint64_t *)a)[si >> 1]);
    return h;
}

static uint64_t t_register_offset(void)
{
    uint64_t h = 0;
    fill(11);
    const volatile int32_t *mid = (const volatile int32_t *)(buf + 256);
    for (int i = -60; i < 60; i += 7) {
        h = mix64(h, index_loads(mid, i, (unsigned)(i + 60) / 2, i));
    }
    return h;
}

struct rec {
    uint64_t a, b;
    uint32_t c;
    uint16_t d;
    uint8_t e;
    int8_t f;
    uint64_t g[5];
};

/* Struct copies become LDP/STP (and Q-register pairs). */
static uint64_t t_struct_copy(void)
{
    static struct rec src[4], dst[4];
    uint64_t h = 0;
    fill(5);
    memcpy(src, (const void *)buf, sizeof src);
    for (int i = 0; i < 4; i++) {
        dst[3 - i] = src[i];
        dst[3 - i].c += i;
    }
    struct rec tmp = dst[1];
    dst[1] = dst[2];
    dst[2] = tmp;
    for (int i = 0; i < 4; i++) {
        h = mix64(h, dst[i].a); h = mix64(h, dst[i].b);
        h = mix64(h, dst[i].c); h = mix64(h, dst[i].d);
        h = mix64(h, dst[i].e); h = mix64(h, (uint64_t)(int64_t)dst[i].f);
        for (int k = 0; k < 5; k++) h = mix64(h, dst[i].g[k]);
    }
    return h;
}

/* A long int array summed in pairs: the compiler uses LDPSW here. */
static uint64_t __attribute__((noinline)) pair_sum(const int32_t *a, int n)
{
    int64_t s = 0;
    for (int i = 0; i < n; i += 2) {
        int64_t x = a[i], y = a[i + 1];
        s += x * 3 - y;
    }
    return (uint64_t)s;
}

static uint64_t t_pairs(void)
{
    static int32_t v[64];
    fill(13);
    memcpy(v, (const void *)buf, sizeof v);
    return pair_sum(v, 64);
}

/* Forms only assembly reaches, each with a host reference. */
#ifdef __aarch64__
static uint64_t t_asm_forms(void)
{
    uint64_t h = 0, r1, r2, r3, r4;
    fill(17);
    volatile uint8_t *p = buf + 200;

    __asm__ volatile("ldpsw %0, %1, [%2, #-8]" : "=r"(r1), "=r"(r2) : "r"(p));
    h = mix64(h, r1); h = mix64(h, r2);
    __asm__ volatile("ldnp %0, %1, [%2, #16]" : "=r"(r1), "=r"(r2) : "r"(p));
    h = mix64(h, r1); h = mix64(h, r2);
    __asm__ volatile("ldur %0, [%1, #-3]" : "=r"(r1) : "r"(p));
    h = mix64(h, r1);
    __asm__ volatile("ldursh %w0, [%1, #-5]" : "=r"(r1) : "r"(p));
    h = mix64(h, r1);
    __asm__ volatile("ldursb %0, [%1, #-1]" : "=r"(r1) : "r"(p));
    h = mix64(h, r1);
    __asm__ volatile("ldursw %0, [%1, #-7]" : "=r"(r1) : "r"(p));
    h = mix64(h, r1);

    /* Pre- and post-index with writeback, both directions. */
    volatile uint8_t *q = p;
    __asm__ volatile("ldrsb %0, [%1, #3]!" : "=r"(r1), "+r"(q));
    h = mix64(h, r1); h = mix64(h, (uint64_t)(q - p));
    __asm__ volatile("ldrsh %0, [%1], #-6" : "=r"(r1), "+r"(q));
    h = mix64(h, r1); h = mix64(h, (uint64_t)(q - p));
    __asm__ volatile("ldp %0, %1, [%2, #-16]!" : "=r"(r1), "=r"(r2), "+r"(q));
    h = mix64(h, r1); h = mix64(h, r2); h = mix64(h, (uint64_t)(q - p));
    __asm__ volatile("ldp %w0, %w1, [%2], #24" : "=r"(r1), "=r"(r2), "+r"(q));
    h = mix64(h, r1); h = mix64(h, r2); h = mix64(h, (uint64_t)(q - p));

    /* Stores: STNP, STP pre-index, STUR, acquire/release. */
    r3 = 0x1122334455667788ull;
    r4 = 0x99aabbccddeeff00ull;
    q = buf + 300;
    __asm__ volatile("stnp %1, %2, [%0]"
                     : : "r"(q), "r"(r3), "r"(r4) : "memory");
    __asm__ volatile("stp %w1, %w2, [%0, #-8]!"
                     : "+r"(q) : "r"(r4), "r"(r3) : "memory");
    __asm__ volatile("stur %w1, [%0, #-1]" : : "r"(q), "r"(r4) : "memory");
    __asm__ volatile("sturh %w1, [%0, #-3]" : : "r"(q), "r"(r3) : "memory");
    __asm__ volatile("stlr %1, [%0]" : : "r"(buf + 320), "r"(r4) : "memory");
    __asm__ volatile("stlrb %w1, [%0]" : : "r"(buf + 329), "r"(r3) : "memory");
    __asm__ volatile("stlrh %w1, [%0]" : : "r"(buf + 330), "r"(r4) : "memory");
    __asm__ volatile("ldar %0, [%1]" : "=r"(r1) : "r"(buf + 320) : "memory");
    __asm__ volatile("ldarb %w0, [%1]" : "=r"(r2) : "r"(buf + 330) : "memory");
    __asm__ volatile("ldarh %w0, [%1]" : "=r"(r3) : "r"(buf + 328) : "memory");
    __asm__ volatile("ldar %w0, [%1]" : "=r"(r4) : "r"(buf + 328) : "memory");
    h = mix64(h, r1); h = mix64(h, r2); h = mix64(h, r3); h = mix64(h, r4);

    /* A literal load (PC-relative), 64 and sign-extended 32 bits. */
    __asm__ volatile("ldr %0, 1f\n\tldrsw %1, 2f\n\tb 3f\n"
                     "\t.p2align 3\n"
                     "1:\t.quad 0xfedcba9876543210\n"
                     "2:\t.word 0x87654321\n"
                     "3:" : "=r"(r1), "=r"(r2));
    h = mix64(h, r1); h = mix64(h, r2);

    for (int i = 280; i < 340; i++) {
        h = mix64(h, buf[i]);
    }
    return h;
}
#else
static uint64_t ld(volatile uint8_t *p, int size, int sign)
{
    uint64_t v = 0;
    for (int i = 0; i < size; i++) v |= (uint64_t)p[i] << (8 * i);
    if (sign && size < 8 && (v >> (8 * size - 1) & 1)) {
        v |= ~0ull << (8 * size);
    }
    return v;
}
static void st(volatile uint8_t *p, int size, uint64_t v)
{
    for (int i = 0; i < size; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint64_t t_asm_forms(void)
{
    uint64_t h = 0, r1, r2, r3, r4;
    fill(17);
    volatile uint8_t *p = buf + 200, *q;

    h = mix64(h, ld(p - 8, 4, 1)); h = mix64(h, ld(p - 4, 4, 1));
    h = mix64(h, ld(p + 16, 8, 0)); h = mix64(h, ld(p + 24, 8, 0));
    h = mix64(h, ld(p - 3, 8, 0));
    h = mix64(h, (uint32_t)ld(p - 5, 2, 1));
    h = mix64(h, ld(p - 1, 1, 1));
    h = mix64(h, ld(p - 7, 4, 1));

    q = p + 3;
    h = mix64(h, ld(q, 1, 1)); h = mix64(h, 3);
    h = mix64(h, ld(q, 2, 1)); q -= 6; h = mix64(h, (uint64_t)(q - p));
    q -= 16;
    h = mix64(h, ld(q, 8, 0)); h = mix64(h, ld(q + 8, 8, 0));
    h = mix64(h, (uint64_t)(q - p));
    h = mix64(h, ld(q, 4, 0)); h = mix64(h, ld(q + 4, 4, 0)); q += 24;
    h = mix64(h, (uint64_t)(q - p));

    r3 = 0x1122334455667788ull;
    r4 = 0x99aabbccddeeff00ull;
    q = buf + 300;
    st(q, 8, r3); st(q + 8, 8, r4);
    q -= 8;
    st(q, 4, r4); st(q + 4, 4, r3);
    st(q - 1, 4, r4);
    st(q - 3, 2, r3);
    st(buf + 320, 8, r4);
    st(buf + 329, 1, r3);
    st(buf + 330, 2, r4);
    r1 = ld(buf + 320, 8, 0);
    r2 = ld(buf + 330, 1, 0);
    r3 = ld(buf + 328, 2, 0);
    r4 = ld(buf + 328, 4, 0);
    h = mix64(h, r1); h = mix64(h, r2); h = mix64(h, r3); h = mix64(h, r4);

    h = mix64(h, 0xfedcba9876543210ull);
    h = mix64(h, 0xffffffff87654321ull);

    for (int i = 280; i < 340; i++) {
        h = mix64(h, buf[i]);
    }
    return h;
}
#endif

static const struct {
    const char *name;
    uint64_t (*fn)(void);
} tests[] = {
    {"load_sizes", t_load_sizes}, {"store_sizes", t_store_sizes},
    {"memcpy_unaligned", t_memcpy_unaligned}, {"walks", t_walks},
    {"register_offset", t_register_offset}, {"struct_copy", t_struct_copy},
    {"pairs", t_pairs}, {"asm_forms", t_asm_forms},
};

static const struct {
    const char *name;
    uint64_t sum;
} expected[] = {
#include "loadstore-expected.h"
    {"", 0}
};

int main(int argc, char **argv)
{
    int table = argc > 1 && !strcmp(argv[1], "--table");

    for (size_t k = 0; k < sizeof tests / sizeof tests[0]; k++) {
        uint64_t h = tests[k].fn();
        if (table) {
            printf("    {\"%s\", 0x%016" PRIx64 "ull},\n", tests[k].name, h);
            continue;
        }
        size_t i = 0;
        while (expected[i].name[0] && strcmp(expected[i].name, tests[k].name)) {
            i++;
        }
        if (!expected[i].name[0]) {
            printf("%-24s %016" PRIx64 " FAIL (no expected value)\n",
                   tests[k].name, h);
            guest_failures++;
        } else {
            expect_u64(tests[k].name, h, expected[i].sum);
        }
    }
    return table ? 0 : guest_exit();
}
