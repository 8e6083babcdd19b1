/* guest-cflags: -lm */
/* Floating-point basics in double and single precision: arithmetic,
 * square root, fused multiply-add, comparisons (with NaN), min/max,
 * rounding to integral values, and conversions to and from integers.
 * Results are folded by bit pattern (NaNs canonicalised: x86, where the
 * expected sums come from, makes a different default NaN). */
#include <math.h>
#include <stdlib.h>
#include "guest-util.h"

/* Expected sums: cc -O2 tests/guest/float.c -lm -o /tmp/f && /tmp/f
 * prints them (the host computes the same IEEE results). */

static const double dv[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 3.0, 0.1, -0.7, 1e-300,
    1e300, 123456.789, -98765.4321, 4.9e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, INFINITY, -INFINITY, NAN, 0.49999999999999994,
    4503599627370495.5, -4503599627370497.0, 9007199254740993.0,
};
#define NDV (sizeof dv / sizeof dv[0])

static uint64_t bits_d(double d)
{
    uint64_t b;
    if (isnan(d)) {
        return 0x7ff8000000000000ull;
    }
    memcpy(&b, &d, sizeof b);
    return b;
}

static uint64_t bits_f(float f)
{
    uint32_t b;
    if (isnan(f)) {
        return 0x7fc00000u;
    }
    memcpy(&b, &f, sizeof b);
    return b;
}

/* Compiler barriers so each operation runs on the guest. */
#define OD(x) ({ double o_ = (x); __asm__("" : "+w"(o_)); o_; })
#define OF(x) ({ float o_ = (x); __asm__("" : "+w"(o_)); o_; })
#ifndef __aarch64__
#undef OD
#undef OF
#define OD(x) ({ double o_ = (x); __asm__("" : "+x"(o_)); o_; })
#define OF(x) ({ float o_ = (x); __asm__("" : "+x"(o_)); o_; })
#endif

int main(void)
{
    uint64_t arith = 0, single = 0, cmp = 0, minmax = 0, rnd = 0, conv = 0;

    for (size_t i = 0; i < NDV; i++) {
        for (size_t j = 0; j < NDV; j++) {
            double a = OD(dv[i]), b = OD(dv[j]);
            arith = mix64(arith, bits_d(a + b));
            arith = mix64(arith, bits_d(a - b));
            arith = mix64(arith, bits_d(a * b));
            arith = mix64(arith, bits_d(a / b));
            arith = mix64(arith, bits_d(fma(a, b, 1.0)));
            arith = mix64(arith, bits_d(-(a * b) - 0.25));

            float fa = OF((float)dv[i]), fb = OF((float)dv[j]);
            single = mix64(single, bits_f(fa + fb));
            single = mix64(single, bits_f(fa - fb));
            single = mix64(single, bits_f(fa * fb));
            single = mix64(single, bits_f(fa / fb));
            single = mix64(single, bits_f(fmaf(fa, fb, -1.0f)));

            cmp = mix64(cmp, (a < b) | (a <= b) << 1 | (a == b) << 2 |
                             (a > b) << 3 | (a >= b) << 4 | (a != b) << 5 |
                             isunordered(a, b) << 6 | isless(a, b) << 7 |
                             (fa < fb) << 8 | (fa == fb) << 9);

            /* Signed zeros aside (C lets fmin pick either). */
            minmax = mix64(minmax, bits_d(fmin(a, b) + 0.0));
            minmax = mix64(minmax, bits_d(fmax(a, b) + 0.0));
            minmax = mix64(minmax, bits_f(fminf(fa, fb) + 0.0f));
        }
        double a = OD(dv[i]);
        arith = mix64(arith, bits_d(sqrt(a)));
        arith = mix64(arith, bits_d(fabs(a)));
        arith = mix64(arith, bits_d(-a));
        single = mix64(single, bits_f(sqrtf(OF((float)dv[i]))));
        rnd = mix64(rnd, bits_d(floor(a)));
        rnd = mix64(rnd, bits_d(ceil(a)));
        rnd = mix64(rnd, bits_d(trunc(a)));
        rnd = mix64(rnd, bits_d(round(a)));
        rnd = mix64(rnd, bits_d(rint(a)));
        rnd = mix64(rnd, bits_d(nearbyint(a)));
        rnd = mix64(rnd, bits_f(floorf((float)a)));
        rnd = mix64(rnd, bits_f(roundf((float)a)));

        /* Conversions, in range only (C leaves the rest undefined). */
        conv = mix64(conv, bits_f((float)a));
        conv = mix64(conv, bits_d((double)(float)a));
        if (fabs(a) < 9e18) {
            conv = mix64(conv, (uint64_t)(int64_t)a);
            conv = mix64(conv, (uint64_t)lrint(a));
            conv = mix64(conv, (uint64_t)llround(a));
        }
        if (fabs(a) < 2e9) {
            conv = mix64(conv, (uint32_t)(int32_t)a);
        }
        if (a >= 0 && a < 1.8e19) {
            conv = mix64(conv, (uint64_t)a);
        }
    }
    static const int64_t iv[] = {
        0, 1, -1, 3, 1000000007, -123456789012, INT64_MAX, INT64_MIN,
        (1ll << 53) + 1, 0x7fffffff,
    };
    for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) {
        int64_t v = iv[i];
        __asm__("" : "+r"(v));
        conv = mix64(conv, bits_d((double)v));
        conv = mix64(conv, bits_d((double)(uint64_t)v));
        conv = mix64(conv, bits_f((float)v));
        conv = mix64(conv, bits_d((double)(int32_t)v));
        conv = mix64(conv, bits_f((float)(uint32_t)v));
    }

    expect_u64("double arithmetic", arith, 0x959b3dc97380abe7ull);
    expect_u64("single arithmetic", single, 0x2064cc42accc1660ull);
    expect_u64("comparisons", cmp, 0xb7c646b3e8a34f85ull);
    expect_u64("min and max", minmax, 0xdd8c864351dc05dbull);
    expect_u64("rounding", rnd, 0xcd3f9e06f3a97bb0ull);
    expect_u64("conversions", conv, 0x6965e3bfa9b0a168ull);
    printf("%.17g %.9g %a\n", sqrt(2.0), (float)(1.0 / 3), 0.1);
    return guest_exit();
}
