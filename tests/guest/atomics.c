/* guest-cflags: -mno-outline-atomics -latomic */
/* Exclusives: C11 atomics and __atomic builtins on 1, 2, 4, 8 and 16-byte
 * objects. Built for plain ARMv8.0 without outline atomics, so each is an
 * LDXR/STXR (LDAXR/STLXR, LDXP/STXP for 16 bytes) loop, never LSE. */
#include <stdatomic.h>
#include <stdbool.h>
#include "guest-util.h"

static _Atomic uint8_t a8;
static _Atomic uint16_t a16;
static _Atomic uint32_t a32;
static _Atomic uint64_t a64;
static unsigned __int128 a128 __attribute__((aligned(16)));

static void c11_ops(void)
{
    uint64_t h = 0;
    for (int i = 0; i < 300; i++) {
        h = mix64(h, atomic_fetch_add(&a8, 7));
        h = mix64(h, atomic_fetch_sub_explicit(&a16, 1001,
                                               memory_order_acq_rel));
        h = mix64(h, atomic_fetch_or(&a32, 1u << (i % 32)));
        h = mix64(h, atomic_fetch_xor_explicit(&a64, 0x9e3779b97f4a7c15ull * i,
                                               memory_order_relaxed));
        h = mix64(h, atomic_fetch_and(&a32, ~(1u << ((i * 7) % 32))));
        h = mix64(h, atomic_exchange(&a16, (uint16_t)(i * 31)));
    }
    h = mix64(h, atomic_load(&a8));
    h = mix64(h, atomic_load(&a16));
    h = mix64(h, atomic_load(&a32));
    h = mix64(h, atomic_load(&a64));
    expect_u64("c11 fetch ops", h, 0xa3bb7815317bb51bull);
}

/* A compare-exchange loop that computes something (a running maximum),
 * with failures forced by passing stale expected values. */
static void cas_loops(void)
{
    uint64_t h = 0;
    atomic_store(&a64, 0);
    for (uint64_t i = 0; i < 200; i++) {
        uint64_t v = (i * 0x5851f42d4c957f2dull) >> 40, cur = atomic_load(&a64);
        while (v > cur &&
               !atomic_compare_exchange_weak(&a64, &cur, v)) {
        }
        uint32_t stale = 12345;
        bool ok = atomic_compare_exchange_strong(&a32, &stale, 1);
        h = mix64(h, ok);
        h = mix64(h, stale);    /* a failed CAS returns the current value */
        uint8_t e8 = atomic_load(&a8);
        ok = atomic_compare_exchange_strong(&a8, &e8, e8 + 3);
        h = mix64(h, ok);
        uint16_t e16 = atomic_load(&a16);
        ok = atomic_compare_exchange_strong_explicit(&a16, &e16, e16 ^ 0x5a5a,
                                                     memory_order_acquire,
                                                     memory_order_relaxed);
        h = mix64(h, ok);
    }
    h = mix64(h, atomic_load(&a64));
    h = mix64(h, atomic_load(&a8));
    h = mix64(h, atomic_load(&a16));
    expect_u64("cas loops", h, 0xa0bd86b353436951ull);
}

/* 16-byte atomics: compare-exchange and exchange need LDXP/STXP pairs. */
static void wide_ops(void)
{
    uint64_t h = 0;
    unsigned __int128 one = ((unsigned __int128)1 << 64) | 1;
    __atomic_store_n(&a128, 0, __ATOMIC_SEQ_CST);
    for (int i = 0; i < 100; i++) {
        unsigned __int128 cur = __atomic_load_n(&a128, __ATOMIC_ACQUIRE);
        unsigned __int128 next = cur * 3 + one;
        while (!__atomic_compare_exchange_n(&a128, &cur, next, false,
                                            __ATOMIC_SEQ_CST,
                                            __ATOMIC_SEQ_CST)) {
            next = cur * 3 + one;
        }
        unsigned __int128 wrong = cur;     /* now stale: must fail */
        bool ok = __atomic_compare_exchange_n(&a128, &wrong, 0, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        h = mix64(h, ok);
        h = mix64(h, (uint64_t)wrong);
        h = mix64(h, (uint64_t)(wrong >> 64));
    }
    unsigned __int128 old = __atomic_exchange_n(&a128, one << 3,
                                                __ATOMIC_SEQ_CST);
    h = mix64(h, (uint64_t)old);
    h = mix64(h, (uint64_t)(old >> 64));
    h = mix64(h, (uint64_t)__atomic_load_n(&a128, __ATOMIC_SEQ_CST));
    expect_u64("16-byte atomics", h, 0xa0a8d24c7c36d11bull);
}

/* The expected sums come from the host build (cc -O2 atomics.c -latomic).
 *
 * The monitor itself: a store-exclusive with no open load-exclusive
 * (after CLREX) must fail and leave memory alone; after LDXR it succeeds.
 * Pairs likewise. */
#ifdef __aarch64__
static void monitor(void)
{
    static uint64_t word __attribute__((aligned(16))) = 41;
    static uint64_t pair[2] __attribute__((aligned(16))) = {1, 2};
    uint64_t status, old, lo, hi;

    __asm__ volatile("clrex\n\tstxr %w0, %2, [%1]"
                     : "=&r"(status) : "r"(&word), "r"(99ull) : "memory");
    printf("stxr after clrex: status %" PRIu64 ", memory %" PRIu64 "\n",
           status, word);
    CHECK(status == 1 && word == 41);

    __asm__ volatile("ldxr %1, [%2]\n\tadd %1, %1, #1\n\t"
                     "stxr %w0, %1, [%2]"
                     : "=&r"(status), "=&r"(old) : "r"(&word) : "memory");
    printf("ldxr/stxr: status %" PRIu64 ", memory %" PRIu64 "\n", status, word);
    CHECK(status == 0 && word == 42);

    __asm__ volatile("ldaxr %1, [%2]\n\tstlxr %w0, %3, [%2]"
                     : "=&r"(status), "=&r"(old) : "r"(&word), "r"(7ull)
                     : "memory");
    printf("ldaxr/stlxr: status %" PRIu64 ", old %" PRIu64 ", memory %"
           PRIu64 "\n", status, old, word);
    CHECK(status == 0 && old == 42 && word == 7);

    __asm__ volatile("ldxp %1, %2, [%3]\n\tstxp %w0, %2, %1, [%3]"
                     : "=&r"(status), "=&r"(lo), "=&r"(hi) : "r"(pair)
                     : "memory");
    printf("ldxp/stxp swap: status %" PRIu64 ", pair %" PRIu64 " %" PRIu64
           "\n", status, pair[0], pair[1]);
    CHECK(status == 0 && pair[0] == 2 && pair[1] == 1);

    __asm__ volatile("clrex\n\tstxp %w0, %1, %1, [%2]"
                     : "=&r"(status) : "r"(5ull), "r"(pair) : "memory");
    printf("stxp after clrex: status %" PRIu64 ", pair %" PRIu64 " %" PRIu64
           "\n", status, pair[0], pair[1]);
    CHECK(status == 1 && pair[0] == 2);

    __asm__ volatile("ldaxp %1, %2, [%3]\n\tstlxp %w0, %1, %1, [%3]"
                     : "=&r"(status), "=&r"(lo), "=&r"(hi) : "r"(pair)
                     : "memory");
    printf("ldaxp/stlxp: status %" PRIu64 ", pair %" PRIu64 " %" PRIu64 "\n",
           status, pair[0], pair[1]);
    CHECK(status == 0 && pair[0] == 2 && pair[1] == 2);

    /* Byte and halfword exclusives. */
    static uint8_t b = 200;
    static uint16_t hw = 65000;
    __asm__ volatile("ldxrb %w1, [%2]\n\tadd %w1, %w1, #100\n\t"
                     "stxrb %w0, %w1, [%2]"
                     : "=&r"(status), "=&r"(old) : "r"(&b) : "memory");
    CHECK(status == 0 && b == 44);
    __asm__ volatile("ldaxrh %w1, [%2]\n\tadd %w1, %w1, #1000\n\t"
                     "stlxrh %w0, %w1, [%2]"
                     : "=&r"(status), "=&r"(old) : "r"(&hw) : "memory");
    CHECK(status == 0 && hw == 464);
    printf("byte and halfword: %u %u\n", b, hw);
}
#else
static void monitor(void)
{
}
#endif

int main(void)
{
    c11_ops();
    cas_loops();
    wide_ops();
    monitor();
    return guest_exit();
}
