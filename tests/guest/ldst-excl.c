/* Exclusive and acquire/release accesses: LDXR/STXR of every size and
 * the pair forms, the status register, a store without (or after a lost)
 * monitor failing, memory changed under the monitor, CLREX, and
 * LDAR/STLR/LDAXR/STLXR. With an argument, does a misaligned exclusive
 * or acquire access of that kind, which must kill the program with
 * SIGBUS as on Linux. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t mem[8] __attribute__((aligned(16)));

static void reset(void)
{
    for (int i = 0; i < 8; i++) {
        mem[i] = 0x0706050403020100ull + i * 0x1010101010101010ull;
    }
}

static void dump(const char *what, uint64_t a, uint64_t b, uint64_t st)
{
    printf("%-10s %016llx %016llx st=%llu mem %016llx %016llx %016llx\n",
           what, (unsigned long long)a, (unsigned long long)b,
           (unsigned long long)st, (unsigned long long)mem[0],
           (unsigned long long)mem[1], (unsigned long long)mem[2]);
}

/* ldxr + add 1 + stxr of each size; x2 gets the status. */
#define RMW(name, ld, st, reg)                                          \
    do {                                                                \
        uint64_t v, st_ = 9, p = (uint64_t)(uintptr_t)mem + 8;          \
        reset();                                                        \
        __asm__ volatile(ld " %" reg "0, [%2]\n\t"                      \
                         "add %0, %0, #1\n\t"                           \
                         st " %w1, %" reg "0, [%2]"                     \
                         : "=&r"(v), "=&r"(st_) : "r"(p) : "memory");   \
        dump(name, v, 0, st_);                                          \
    } while (0)

int main(int argc, char **argv)
{
    uint64_t p = (uint64_t)(uintptr_t)mem;
    uint64_t a = 0, b = 0, st = 0;

    if (argc > 1) {
        uint64_t q = p + 1;
        switch (atoi(argv[1])) {
        case 1:
            __asm__ volatile("ldxr %0, [%1]" : "=r"(a) : "r"(q));
            break;
        case 2:
            __asm__ volatile("ldaxrh %w0, [%1]" : "=r"(a) : "r"(q));
            break;
        case 3:
            /* A 32-bit pair must be 8-byte aligned. */
            __asm__ volatile("ldxp %w0, %w1, [%2]"
                             : "=r"(a), "=r"(b) : "r"(p + 4));
            break;
        case 4:
            __asm__ volatile("ldar %w0, [%1]" : "=r"(a) : "r"(p + 2));
            break;
        case 5:
            __asm__ volatile("stlr %0, [%1]" : : "r"(p), "r"(p + 4)
                             : "memory");
            break;
        default:
            /* The store-exclusive fails on the address check first, so
             * a misaligned STXR without a monitor does not fault. */
            __asm__ volatile("stxr %w0, %1, [%2]"
                             : "=&r"(st) : "r"(p), "r"(p + 3) : "memory");
            printf("misaligned stxr st=%llu\n", (unsigned long long)st);
            return 0;
        }
        printf("no fault: %llx\n", (unsigned long long)a);
        return 0;
    }

    RMW("b", "ldxrb", "stxrb", "w");
    RMW("h", "ldxrh", "stxrh", "w");
    RMW("w", "ldxr", "stxr", "w");
    RMW("x", "ldxr", "stxr", "x");
    RMW("ab", "ldaxrb", "stlxrb", "w");
    RMW("ah", "ldaxrh", "stlxrh", "w");
    RMW("aw", "ldaxr", "stlxr", "w");
    RMW("ax", "ldaxr", "stlxr", "x");

    /* No monitor: fails, memory unchanged. */
    reset();
    __asm__ volatile("clrex\n\tstxr %w0, %1, [%2]"
                     : "=&r"(st) : "r"(0x1111ull), "r"(p) : "memory");
    dump("nomon", 0, 0, st);
    /* CLREX between: fails. */
    reset();
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %0, [%2]"
                     : "=&r"(a), "=&r"(st) : "r"(p) : "memory");
    dump("clrex", a, 0, st);
    /* Another address: fails, and the monitor is gone afterwards. */
    reset();
    __asm__ volatile("ldxr %0, [%3]\n\tadd x9, %3, #8\n\t"
                     "stxr %w1, %0, [x9]\n\tstxr %w2, %0, [%3]"
                     : "=&r"(a), "=&r"(st), "=&r"(b) : "r"(p)
                     : "x9", "memory");
    dump("otheraddr", a, b, st);
    /* Memory changed to a different value under the monitor: fails (as
     * qemu-aarch64 decides, by comparing values). */
    reset();
    __asm__ volatile("ldxr %0, [%2]\n\tmov x9, #5\n\tstr x9, [%2]\n\t"
                     "stxr %w1, %0, [%2]"
                     : "=&r"(a), "=&r"(st) : "r"(p) : "x9", "memory");
    dump("changed", a, 0, st);
    /* A second stxr after success fails. */
    reset();
    __asm__ volatile("ldxr %0, [%3]\n\tstxr %w1, xzr, [%3]\n\t"
                     "stxr %w2, %0, [%3]"
                     : "=&r"(a), "=&r"(st), "=&r"(b) : "r"(p) : "memory");
    dump("twice", a, b, st);
    /* Status register may equal the data register's number space: XZR
     * data, status into w9. */
    reset();
    __asm__ volatile("ldxrb w9, [%1]\n\tstxrb w9, wzr, [%1]\n\tmov %0, x9"
                     : "=&r"(st) : "r"(p) : "x9", "memory");
    dump("xzr", 0, 0, st);

    /* Pairs. */
    reset();
    __asm__ volatile("ldxp %w0, %w1, [%3]\n\t"
                     "stxp %w2, %w1, %w0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(p + 8)
                     : "memory");
    dump("pair32", a, b, st);
    reset();
    __asm__ volatile("ldxp %0, %1, [%3]\n\t"
                     "stxp %w2, %1, %0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(p + 16)
                     : "memory");
    dump("pair64", a, b, st);
    reset();
    __asm__ volatile("ldaxp %0, %1, [%3]\n\tmov x9, #1\n\tstr x9, [%3, #8]\n\t"
                     "stlxp %w2, %1, %0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(p)
                     : "x9", "memory");
    dump("pair64chg", a, b, st);
    reset();
    __asm__ volatile("ldaxp %w0, %w1, [%3]\n\tstlxp %w2, wzr, %w0, [%3]"
                     : "=&r"(a), "=&r"(b), "=&r"(st) : "r"(p + 24)
                     : "memory");
    dump("apair32", a, b, st);

    /* Acquire/release. */
    reset();
    __asm__ volatile("ldarb %w0, [%2]\n\tadd x9, %2, #2\n\t"
                     "ldarh %w1, [x9]"
                     : "=&r"(a), "=&r"(b) : "r"(p + 6) : "x9", "memory");
    dump("ldarbh", a, b, 0);
    __asm__ volatile("ldar %w0, [%2]\n\tldar %1, [%2]"
                     : "=&r"(a), "=&r"(b) : "r"(p + 8) : "memory");
    dump("ldarwx", a, b, 0);
    __asm__ volatile("stlrb %w0, [%1]\n\tadd x9, %1, #2\n\t"
                     "stlrh %w0, [x9]\n\tadd x9, %1, #4\n\t"
                     "stlr %w0, [x9]\n\tadd x9, %1, #8\n\tstlr %0, [x9]"
                     : : "r"(0x8899aabbccddeeffull), "r"(p + 8)
                     : "x9", "memory");
    dump("stlr", 0, 0, 0);
    return 0;
}
