/* Control flow: qsort (callbacks through a pointer), setjmp/longjmp
 * (which also mangle pointers with the pointer guard from AT_RANDOM),
 * deep recursion, a dense switch (a jump table: BR through a register),
 * computed goto, function pointer tables and varargs. Self-checking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include "guest-util.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_qsort(void)
{
    enum { N = 3000 };
    static int v[N];
    uint32_t seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        v[i] = (int)(seed >> 8) - (1 << 23);
    }
    qsort(v, N, sizeof v[0], cmp_int);
    int sorted = 1;
    uint64_t h = 0;
    for (int i = 1; i < N; i++) {
        sorted &= v[i - 1] <= v[i];
        h = mix64(h, (uint32_t)v[i]);
    }
    CHECK(sorted);
    printf("qsort ints: %s, %016" PRIx64 "\n", sorted ? "sorted" : "NOT sorted",
           h);

    const char *words[] = {
        "pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "lime",
        "grape", "mango", "apricot", "plum", "Zebra", "aardvark", "",
    };
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    printf("qsort strings:");
    for (size_t i = 0; i < nw; i++) {
        printf(" [%s]", words[i]);
    }
    printf("\n");
    CHECK(!strcmp(words[0], "") && !strcmp(words[1], "Zebra") &&
          !strcmp(words[nw - 1], "plum"));
}

static jmp_buf env;
static int depth_reached;

static void __attribute__((noinline)) dive(int depth)
{
    volatile char pad[64];
    pad[0] = (char)depth;
    depth_reached = depth + pad[0] - (char)depth;
    if (depth == 50) {
        longjmp(env, depth);
    }
    if (depth < 1000) {
        dive(depth + 1);
    }
}

static void test_setjmp(void)
{
    volatile int round = 0;
    int r = setjmp(env);
    round++;
    if (r == 0) {
        dive(0);
        CHECK(!"dive returned");
    }
    printf("longjmp from depth %d, setjmp returned %d, round %d\n",
           depth_reached, r, round);
    CHECK(r == 50 && round == 2);

    /* longjmp(env, 0) makes setjmp return 1. */
    static jmp_buf env2;
    volatile int count = 0;
    r = setjmp(env2);
    if (count++ == 0) {
        longjmp(env2, 0);
    }
    printf("longjmp with 0 gives %d\n", r);
    CHECK(r == 1);

    sigjmp_buf senv;
    r = sigsetjmp(senv, 0);
    if (!r) {
        siglongjmp(senv, 7);
    }
    printf("siglongjmp gives %d\n", r);
    CHECK(r == 7);
}

static uint64_t ackermann(uint64_t m, uint64_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static uint64_t fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static void test_recursion(void)
{
    uint64_t a = ackermann(2, 300), b = ackermann(3, 5), f = fib(24);
    printf("ackermann(2,300) %" PRIu64 " ackermann(3,5) %" PRIu64
           " fib(24) %" PRIu64 "\n", a, b, f);
    CHECK(a == 603 && b == 253 && f == 46368);
}

/* Dense enough that the compiler makes a table of branch targets. */
static int __attribute__((noinline)) classify(int x)
{
    switch (x) {
    case 0: return 17;
    case 1: return 4;
    case 2: return -3;
    case 3: return 99;
    case 4: return 12;
    case 5: return 7;
    case 6: return 1000;
    case 7: return -77;
    case 8: return 5;
    case 9: return 31;
    case 10: return 64;
    case 11: return 2;
    case 12: return -1;
    case 13: return 8;
    case 14: return 41;
    case 15: return 0;
    case 17: return 23;
    case 19: return 29;
    default: return x * 2;
    }
}

static int __attribute__((noinline)) threaded(const unsigned char *prog)
{
    static void *const labels[] = {&&op_inc, &&op_dbl, &&op_neg, &&op_end};
    int acc = 1;
    goto *labels[*prog++];
op_inc:
    acc++;
    goto *labels[*prog++];
op_dbl:
    acc *= 2;
    goto *labels[*prog++];
op_neg:
    acc = -acc;
    goto *labels[*prog++];
op_end:
    return acc;
}

static unsigned add(unsigned a, unsigned b) { return a + b; }
static unsigned sub(unsigned a, unsigned b) { return a - b; }
static unsigned mul(unsigned a, unsigned b) { return a * b; }
static unsigned (*const fns[])(unsigned, unsigned) = {add, sub, mul};

static long sum_varargs(int n, ...)
{
    va_list ap;
    long s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        if (i % 3 == 2) {
            s += (long)(va_arg(ap, double) * 10);
        } else {
            s += va_arg(ap, long);
        }
    }
    va_end(ap);
    return s;
}

static void test_branches(void)
{
    uint64_t s = 0;
    for (int i = -5; i < 40; i++) {
        s = s * 3 + (uint64_t)(int64_t)classify(i);
    }
    printf("switch table %" PRIu64 "\n", s);
    CHECK(s == 1335563863092309941u);

    static const unsigned char prog[] = {0, 1, 1, 2, 0, 1, 0, 0, 2, 3};
    int t = threaded(prog);
    printf("computed goto %d\n", t);
    CHECK(t == 12);

    unsigned acc = 0;
    for (unsigned i = 0; i < 30; i++) {
        acc = fns[i % 3](acc, i + 1);
    }
    printf("function pointers %u\n", acc);
    CHECK(acc == 1600051480u);

    long v = sum_varargs(9, 1L, 2L, 0.35, 4L, 5L, 6.5, 7L, 8L, -1.25);
    printf("varargs %ld\n", v);
    CHECK(v == 1 + 2 + 3 + 4 + 5 + 65 + 7 + 8 - 12);
}

int main(void)
{
    test_qsort();
    test_setjmp();
    test_recursion();
    test_branches();
    return guest_exit();
}
