/* guest-cflags: -lm */
/* Plain C through glibc's optimized string, stdio and libm routines (the
 * AdvSIMD and FP code paths a Cortex-A53 selects): every length and
 * alignment of strlen, memcpy, memset, strcmp, strchr, memchr and
 * friends, printf of doubles, strtod, qsort and a few libm functions.
 * Prints checksums and a sample of formatted output. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char a[320] __attribute__((aligned(64)));
static char b[320] __attribute__((aligned(64)));
static uint64_t h;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ull;
    h ^= h >> 29;
}

static uint64_t dbits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof(v));
    return v;
}

static void report(const char *what)
{
    printf("%-10s %016llx\n", what, (unsigned long long)h);
    h = 0;
}

static void setup(int align, int len, char c0)
{
    memset(a, 0, sizeof(a));
    for (int i = 0; i < len; i++) {
        a[align + i] = (char)(c0 + (i * 7) % 61 + 1);
    }
}

static int cmp_int(const void *x, const void *y)
{
    int p = *(const int *)x, q = *(const int *)y;
    return (p > q) - (p < q);
}

static int cmp_dbl(const void *x, const void *y)
{
    double p = *(const double *)x, q = *(const double *)y;
    return (p > q) - (p < q);
}

int main(void)
{
    for (int al = 0; al < 17; al++) {
        for (int len = 0; len < 130; len += (len < 40 ? 1 : 7)) {
            setup(al, len, 'A');
            char *s = a + al;
            mix(strlen(s));
            mix(strnlen(s, (size_t)len / 2 + 1));
            mix((uint64_t)(strchr(s, s[len / 2] ? s[len / 2] : 'x') - s));
            mix((uint64_t)(uintptr_t)strchr(s, '~'));
            mix((uint64_t)(strchr(s, 0) - s));
            mix((uint64_t)(uintptr_t)strrchr(s, 'B'));
            mix((uint64_t)(uintptr_t)memchr(s, 'C', (size_t)len));
            mix((uint64_t)(uintptr_t)memrchr(s, 'D', (size_t)len));
            mix((uint64_t)(uintptr_t)rawmemchr(s, 0) - (uintptr_t)s);
            memset(b, 0x55, sizeof(b));
            strcpy(b + (al * 3) % 16, s);
            mix((uint64_t)strcmp(b + (al * 3) % 16, s));
            mix(memcmp(b + (al * 3) % 16, s, (size_t)len) == 0);
            if (len) {
                b[(al * 3) % 16 + len - 1] ^= 1;
                mix((uint64_t)(strcmp(b + (al * 3) % 16, s) > 0));
                mix((uint64_t)(strncmp(b + (al * 3) % 16, s,
                                       (size_t)len - 1)));
                mix((uint64_t)(memcmp(b + (al * 3) % 16, s,
                                      (size_t)len) < 0));
            }
            mix((uint64_t)(stpcpy(b + 1, s) - b));
            memcpy(b + (al * 5) % 16, s, (size_t)len);
            memmove(b + 3, b + (al * 5) % 16, (size_t)len);
            memset(b + al, al, (size_t)len);
            for (int i = 0; i < 300; i++) {
                mix((uint8_t)b[i]);
            }
            mix((uint64_t)(uintptr_t)strstr(s, "HOV") -
                (uintptr_t)s);
            mix((uint64_t)strcasecmp(s, b));
            mix(strspn(s, "ABCDEFGHIJ"));
            mix(strcspn(s, "XYZ"));
        }
    }
    report("strings");

    char out[256];
    static const double vals[] = {
        0.0, -0.0, 1.0, 3.14159265358979, -2.5e-300, 1e300, 6.02214076e23,
        1.0 / 3.0, 123456789.125, 0.1, 5e-324, 1.7976931348623157e308,
        -1234.5678, 2.5, 3.5, -0.5, 1e-5, 99.995,
    };
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        double v = vals[i];
        snprintf(out, sizeof(out), "%f|%.3f|%g|%.10g|%e|%.0e|%a|%10.4f", v,
                 v, v, v, v, v, v, v);
        printf("%s\n", out);
        double back = strtod(out, NULL);
        mix(dbits(back));
        snprintf(out, sizeof(out), "%.17g", v);
        back = strtod(out, NULL);
        printf("  %s roundtrip %s\n", out, back == v ? "ok" : "BAD");
    }
    printf("%Lf %Lg %.20Le\n", 1.0L / 3, (long double)1e100, 2.0L / 7);
    printf("%.3f %.2f %.1f %.0f\n", 0.0005, 2.675, 0.25, 0.5);
    printf("%s %s\n", "strtof", (snprintf(out, sizeof(out), "%.9g",
                                          strtof("0.1", NULL)), out));
    report("printf");

    int ints[1000];
    double dbls[500];
    uint32_t s = 7;
    for (int i = 0; i < 1000; i++) {
        s = s * 1664525u + 1013904223u;
        ints[i] = (int)(s >> 3) - (1 << 27);
    }
    for (int i = 0; i < 500; i++) {
        s = s * 1664525u + 1013904223u;
        dbls[i] = ((int)s) / 1000.0;
    }
    qsort(ints, 1000, sizeof(int), cmp_int);
    qsort(dbls, 500, sizeof(double), cmp_dbl);
    for (int i = 0; i < 1000; i++) {
        mix((uint32_t)ints[i]);
    }
    for (int i = 0; i < 500; i++) {
        mix(dbits(dbls[i]));
    }
    report("qsort");

    volatile double x = 0.7;
    for (int i = 0; i < 200; i++) {
        double y = x * (i + 1) / 17.0 - 3.0;
        double r[] = {
            exp(y), log(fabs(y) + 1e-3), sin(y), cos(y), tan(y / 3),
            pow(fabs(y), 1.3), sqrt(fabs(y)), atan2(y, 1.5), floor(y),
            ceil(y), round(y), trunc(y), fmod(y, 0.7), cbrt(y),
            expm1(y / 10), log1p(fabs(y)), hypot(y, 2.0), fma(y, y, -1.0),
            (double)expf((float)y), (double)sinf((float)y),
            (double)lrint(y * 3), (double)llround(y * 1e6),
        };
        for (size_t k = 0; k < sizeof(r) / sizeof(r[0]); k++) {
            mix(dbits(r[k]));
        }
    }
    printf("exp(1)=%.17g sin(1)=%.17g pow(2,0.5)=%.17g\n", exp(1.0),
           sin(1.0), pow(2.0, 0.5));
    report("libm");
    return 0;
}
