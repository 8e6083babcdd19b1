/* stdio formatting and parsing: printf of integers, strings, doubles
 * (%f %g %e %a), long double, widths and flags, snprintf truncation, and
 * strtol/strtod/sscanf back. glibc does this with integer arithmetic,
 * FP and the string routines, so it exercises a lot of the CPU. */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define SAME(got, want)                                                 \
    do {                                                                \
        if (strcmp(got, want)) {                                        \
            printf("FAIL line %d: \"%s\" != \"%s\"\n", __LINE__, got, want); \
            failures++;                                                 \
        }                                                               \
    } while (0)

int main(void)
{
    char buf[256];
    static const long long ints[] = {
        0, 1, -1, 42, -42, 1000000, INT_MAX, INT_MIN, LLONG_MAX, LLONG_MIN,
        0x7f, 255, 65535, 123456789012345LL,
    };
    static const double dbls[] = {
        0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 2.0 / 3, 3.14159265358979,
        1e10, 1.5e-10, 123456789.125, 1e300, 4.9e-324, 2.2250738585072014e-308,
        1.7976931348623157e308, 0.5, 2.5, 1e22, 9.999999999, 100,
    };

    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        long long v = ints[i];
        printf("%lld|%llu|%llx|%llo|%+lld|%20lld|%-12lld|%012lld|%#llx|%'lld\n",
               v, (unsigned long long)v, (unsigned long long)v,
               (unsigned long long)v, v, v, v, v, (unsigned long long)v, v);
        printf("%d|%u|%hd|%hhu|%ld|%zd|%jd|%5.3d|%c\n", (int)v, (unsigned)v,
               (short)v, (unsigned char)v, (long)v, (ssize_t)v, (intmax_t)v,
               (int)(v % 1000), (int)('a' + (v & 15)));
    }
    for (size_t i = 0; i < sizeof dbls / sizeof dbls[0]; i++) {
        double d = dbls[i];
        printf("%f|%.0f|%.3f|%e|%.10e|%g|%.17g|%a|%10.4f|%-10.2e|%+g\n",
               d, d, d, d, d, d, d, d, d, d, d);
    }
    printf("%f %f %f %F\n", INFINITY, -INFINITY, NAN, INFINITY);
    printf("%g %e %.20f\n", 1e-5, 123.456, 0.1);
    long double ld = 1.0L / 3;
    printf("%Lf %.30Lg %La\n", ld, ld, ld);
    ld = 1e4000L;
    printf("%Lg\n", ld);
    printf("[%s] [%10s] [%-10s] [%.3s] [%*d] [%-*d] [%%]\n", "str", "right",
           "left", "truncate", 6, 42, 6, 42);
    printf("[%p]\n", (void *)0);

    /* snprintf returns the length it would have written. */
    volatile size_t ten = 10;   /* hides the truncation from the compiler */
    int n = snprintf(buf, ten, "%s-%d", "abcdefgh", 12345);
    printf("snprintf truncated to \"%s\", returned %d\n", buf, n);
    SAME(buf, "abcdefgh-");
    if (n != 14) {
        printf("FAIL snprintf returned %d\n", n);
        failures++;
    }
    snprintf(buf, sizeof buf, "%.2f %5.1e %g %g", 2.675, 12345.678, 1e-4,
             1e-5);
    SAME(buf, "2.67 1.2e+04 0.0001 1e-05");
    snprintf(buf, sizeof buf, "%08.3f|%x|%X|%#o", -3.14159, 0xbeefu, 0xbeefu,
             8);
    SAME(buf, "-003.142|beef|BEEF|010");
    snprintf(buf, sizeof buf, "%" PRId64 " %" PRIu64 " %" PRIx64,
             INT64_MIN, UINT64_MAX, UINT64_MAX);
    SAME(buf, "-9223372036854775808 18446744073709551615 ffffffffffffffff");

    /* And back: strtol, strtoull, strtod, sscanf. */
    printf("strtol %ld %ld %ld\n", strtol("  -123abc", NULL, 10),
           strtol("0x7fff", NULL, 0), strtol("777", NULL, 8));
    printf("strtoull %llu\n", strtoull("18446744073709551615", NULL, 10));
    printf("strtod %.17g %.17g %.17g %g\n", strtod("3.14159", NULL),
           strtod("1e-300", NULL), strtod("0x1.8p3", NULL),
           strtod("inf", NULL));
    int a;
    double d;
    char word[16];
    n = sscanf("42 2.5 words", "%d %lf %15s", &a, &d, word);
    printf("sscanf %d: %d %g %s\n", n, a, d, word);
    if (n != 3 || a != 42 || d != 2.5 || strcmp(word, "words")) {
        printf("FAIL sscanf\n");
        failures++;
    }

    /* The same text through fputs, putchar, fwrite and stderr. */
    fputs("fputs line\n", stdout);
    putchar('p');
    putchar('\n');
    fwrite("fwrite line\n", 1, 12, stdout);
    fprintf(stderr, "stderr: %d %s %.2f\n", 7, "seven", 7.0);

    printf("%s: %d failures\n", failures ? "FAILED" : "ok", failures);
    return failures != 0;
}
