/* Helpers shared by the guest test programs: a checksum to fold many
 * results into one line, and checks that print what they compare. */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int guest_failures;

/* Order-sensitive, so a result moved to the wrong place also shows. */
static inline uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull;
    h ^= h >> 29;
    return h;
}

/* One line per check; a wrong value is marked FAIL and makes the
 * program exit non-zero (see guest_exit). */
static inline void expect_u64(const char *what, uint64_t got, uint64_t want)
{
    if (got == want) {
        printf("%-24s %016" PRIx64 "\n", what, got);
    } else {
        printf("%-24s %016" PRIx64 " FAIL (want %016" PRIx64 ")\n", what,
               got, want);
        guest_failures++;
    }
}

#define CHECK(cond)                                                     \
    do {                                                                \
        if (!(cond)) {                                                  \
            printf("FAIL line %d: %s\n", __LINE__, #cond);              \
            guest_failures++;                                           \
        }                                                               \
    } while (0)

static inline int guest_exit(void)
{
    printf("%s: %d failure%s\n", guest_failures ? "FAILED" : "ok",
           guest_failures, guest_failures == 1 ? "" : "s");
    return guest_failures ? 1 : 0;
}

/* Values the compiler cannot fold: every operation runs on the guest. */
#define OPAQUE(x)                                                       \
    ({                                                                  \
        __typeof__((x) + 0) o_ = (x);                                   \
        __asm__("" : "+r"(o_));                                         \
        o_;                                                             \
    })

#endif
