/* The C library's string and memory functions on many lengths and
 * alignments, checked against byte-at-a-time references. glibc's
 * versions of these are the AdvSIMD and unrolled routines (LDP/STP of Q
 * registers, CMEQ, UMAXP, ADDP, SHRN, TBL...) a CPU model must get right
 * at every edge: page ends, alignments, a terminator in any lane. */
#define _GNU_SOURCE             /* memrchr */
#include <stdlib.h>
#include <sys/mman.h>
#include "guest-util.h"

#define MAXLEN 200
#define PAGE 4096

/* References: volatile accesses keep the compiler from turning them
 * back into calls of the functions under test. */
static size_t ref_strlen(const volatile char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static int ref_memcmp(const volatile unsigned char *a,
                      const volatile unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

static int ref_strcmp(const volatile unsigned char *a,
                      const volatile unsigned char *b)
{
    for (size_t i = 0;; i++) {
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        if (!a[i]) return 0;
    }
}

static const volatile char *ref_strchr(const volatile char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) return s;
        if (!*s) return NULL;
    }
}

static const volatile char *ref_memchr(const volatile char *s, int c,
                                       size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == (char)c) return s + i;
    }
    return NULL;
}

static const volatile char *ref_memrchr(const volatile char *s, int c,
                                        size_t n)
{
    while (n--) {
        if (s[n] == (char)c) return s + n;
    }
    return NULL;
}

static const volatile char *ref_strrchr(const volatile char *s, int c)
{
    const volatile char *r = NULL;
    for (;; s++) {
        if (*s == (char)c) r = s;
        if (!*s) return r;
    }
}

static uint64_t counts[16];
static const char *const names[16] = {
    "strlen", "memcpy", "memmove", "memset", "memcmp", "strcmp", "strncmp",
    "strchr", "strrchr", "memchr", "strstr", "strcpy", "strnlen", "stpcpy",
    "memrchr", "page-end",
};

static void fail(int what, size_t len, size_t al, const char *detail)
{
    if (counts[what] < 1000) {
        printf("FAIL %s len %zu align %zu: %s\n", names[what], len, al,
               detail);
    }
    counts[what] += 1000;
    guest_failures++;
}

static char src_store[MAXLEN + 64] __attribute__((aligned(64)));
static char dst_store[MAXLEN * 2 + 64] __attribute__((aligned(64)));

static void fill_src(char *s, size_t len, unsigned seed)
{
    for (size_t i = 0; i < len; i++) {
        seed = seed * 1664525u + 1013904223u;
        s[i] = (char)(1 + (seed >> 24) % 200);     /* never 0 */
    }
    s[len] = 0;
}

static void test_one(size_t len, size_t sa, size_t da)
{
    char *s = src_store + sa, *d = dst_store + da;
    volatile char *vs = s, *vd = d;
    size_t al = sa * 100 + da;

    fill_src(s, len, (unsigned)(len * 31 + sa));
    if (strlen(s) != len) fail(0, len, al, "length");
    if (strnlen(s, len / 2) != len / 2) fail(12, len, al, "short max");
    if (strnlen(s, len + 5) != len) fail(12, len, al, "long max");

    memset(dst_store, 0x77, sizeof dst_store);
    if (memcpy(d, s, len) != d) fail(1, len, al, "return value");
    if (ref_memcmp((volatile unsigned char *)vd, (volatile unsigned char *)vs,
                   len)) {
        fail(1, len, al, "contents");
    }
    if (vd[len] != 0x77 || (da && vd[-1] != 0x77)) fail(1, len, al, "overrun");

    memset(dst_store, 0, sizeof dst_store);
    char *r = memset(d, 0xab, len);
    int ok = r == d;
    for (size_t i = 0; i < len; i++) ok &= (unsigned char)vd[i] == 0xab;
    ok &= vd[len] == 0 && (!da || vd[-1] == 0);
    if (!ok) fail(3, len, al, "contents");
    memset(d, 0, len);
    for (size_t i = 0; i < len; i++) ok &= vd[i] == 0;
    if (!ok) fail(3, len, al, "zero fill");

    /* memmove both ways over overlaps of a few sizes. */
    for (size_t shift = 1; shift < 20 && shift <= len; shift += 6) {
        size_t n = len - shift;
        memcpy(d, s, len);
        memmove(d + shift, d, n);
        for (size_t i = 0; i < n; i++) {
            if (vd[shift + i] != vs[i]) { fail(2, len, al, "forward"); break; }
        }
        memcpy(d, s, len);
        memmove(d, d + shift, n);
        for (size_t i = 0; i < n; i++) {
            if (vd[i] != vs[i + shift]) { fail(2, len, al, "backward"); break; }
        }
    }

    /* Comparisons: equal, then a difference at each of a few places. */
    strcpy(d, s);
    if (sign(memcmp(d, s, len)) != 0 || strcmp(d, s) != 0) {
        fail(4, len, al, "equal");
    }
    for (size_t pos = 0; pos < len; pos += 1 + len / 7) {
        char save = d[pos];
        d[pos] = (char)(save + 0x40);       /* may cross 0x80: signedness */
        if (sign(memcmp(d, s, len)) !=
            ref_memcmp((volatile unsigned char *)vd,
                       (volatile unsigned char *)vs, len)) {
            fail(4, len, al, "difference");
        }
        if (sign(strcmp(d, s)) != ref_strcmp((volatile unsigned char *)vd,
                                             (volatile unsigned char *)vs)) {
            fail(5, len, al, "difference");
        }
        if (strncmp(d, s, pos) != 0 || sign(strncmp(d, s, pos + 1)) !=
            ref_strcmp((volatile unsigned char *)vd,
                       (volatile unsigned char *)vs)) {
            fail(6, len, al, "limit");
        }
        d[pos] = save;
    }
    d[len / 2] = 0;                          /* shorter string */
    if (len && sign(strcmp(d, s)) != -1) fail(5, len, al, "prefix");

    /* Searches: a byte at each place, absent, and the terminator. */
    strcpy(d, s);
    for (size_t pos = 0; pos <= len; pos += 1 + len / 5) {
        char c = pos < len ? d[pos] : 0;
        if (strchr(d, c) != (const char *)ref_strchr(vd, c)) {
            fail(7, len, al, "found");
        }
        if (strrchr(d, c) != (const char *)ref_strrchr(vd, c)) {
            fail(8, len, al, "found");
        }
        if (memchr(d, c, len) != (const void *)ref_memchr(vd, c, len)) {
            fail(9, len, al, "found");
        }
        if (memrchr(d, c, len) != (const void *)ref_memrchr(vd, c, len)) {
            fail(14, len, al, "found");
        }
    }
    if (strchr(d, (char)0xff) != NULL) fail(7, len, al, "absent");
    if (memchr(d, (char)0xff, len) != NULL) fail(9, len, al, "absent");
    if (strchr(d, 0) != d + len) fail(7, len, al, "terminator");

    /* strstr: a needle cut from the haystack, and one that is not. */
    if (len >= 8) {
        char needle[8];
        memcpy(needle, s + len - 7, 6);
        needle[6] = 0;
        const char *f = strstr(s, needle);
        if (!f || memcmp(f, needle, 6) || f > s + len - 7) {
            fail(10, len, al, "present");
        }
        needle[2] = 0;
        if (strstr(s, needle) == NULL) fail(10, len, al, "short needle");
        needle[0] = (char)0xfe;
        if (strstr(s, needle) != NULL) fail(10, len, al, "absent");
    }

    char *e = stpcpy(d, s);
    if (e != d + len || strcmp(d, s)) fail(13, len, al, "end");
    strcpy(d, s);
    strcat(d, "tail");
    if (ref_strlen(vd) != len + 4) fail(11, len, al, "strcat");

    counts[0]++;
}

/* Strings that end exactly at the end of a readable page: an
 * implementation that reads ahead must not fault. */
static void test_page_end(void)
{
    char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fail(15, 0, 0, "mmap");
        return;
    }
    mprotect(p + PAGE, PAGE, PROT_NONE);
    uint64_t h = 0;
    for (size_t len = 0; len < 70; len++) {
        char *s = p + PAGE - len - 1;
        memset(s, 'x', len);
        s[len] = 0;
        h = mix64(h, strlen(s));
        h = mix64(h, strchr(s, 'y') == NULL);
        h = mix64(h, strrchr(s, 'x') == (len ? s + len - 1 : NULL));
        h = mix64(h, memchr(s, 0, len + 1) == s + len);
        h = mix64(h, strcmp(s, s) == 0);
        h = mix64(h, strnlen(s, 1000));
    }
    counts[15] = h;
    munmap(p, 2 * PAGE);
}

int main(void)
{
    for (size_t len = 0; len < MAXLEN; len += len < 70 ? 1 : 13) {
        for (size_t sa = 0; sa < 16; sa += len < 40 ? 1 : 5) {
            for (size_t da = 0; da < 16; da += 3) {
                test_one(len, sa, da);
            }
        }
    }
    test_page_end();
    for (int i = 0; i < 16; i++) {
        printf("%-10s %" PRIu64 "\n", names[i], counts[i]);
    }
    CHECK(counts[15] == 0xade76363f55adc21ull);
    return guest_exit();
}
