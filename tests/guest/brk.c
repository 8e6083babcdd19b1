/* The program break and the heap: sbrk growing and shrinking, brk to an
 * explicit address, and malloc of small and big blocks (big ones come
 * from mmap), realloc and free. Prints sizes and contents, not addresses,
 * unless run as "brk --layout". */
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>
#include "guest-util.h"

extern char end[];              /* the linker's end of bss */

int main(int argc, char **argv)
{
    int layout = argc > 1 && !strcmp(argv[1], "--layout");

    char *start = sbrk(0);
    if (layout) {
        printf("layout: initial break %p, end of bss %p\n", (void *)start,
               (void *)end);
    }
    CHECK(start >= end);
    printf("initial break is above the bss: %s\n", start >= end ? "yes" : "NO");

    /* Grow by a page and a bit, use it, shrink back. */
    char *old = sbrk(5000);
    CHECK(old == start);
    char *now = sbrk(0);
    printf("sbrk(5000) moved the break by %ld\n", (long)(now - old));
    memset(old, 0x5a, 5000);
    int ok = 1;
    for (int i = 0; i < 5000; i++) {
        ok &= old[i] == 0x5a;
    }
    printf("grown memory holds what was written: %s\n", ok ? "yes" : "NO");
    CHECK(ok);
    sbrk(-5000);
    printf("sbrk(-5000) gives back: %s\n", sbrk(0) == start ? "yes" : "NO");
    CHECK(sbrk(0) == start);

    /* Grow a lot (several megabytes), touch every page, shrink. */
    char *big = sbrk(8 << 20);
    CHECK(big != (char *)-1);
    for (long i = 0; i < (8 << 20); i += 4096) {
        big[i] = (char)i;
    }
    printf("8 MiB via sbrk: %s\n", big != (char *)-1 ? "ok" : "FAILED");
    CHECK(brk(start) == 0);
    CHECK(sbrk(0) == start);

    /* Memory given back and taken again reads as zero (fresh pages). */
    char *again = sbrk(4096 * 3);
    int zero = 1;
    for (int i = 4096; i < 4096 * 3; i++) {
        zero &= again[i] == 0;
    }
    printf("pages given back and taken again are zero: %s\n",
           zero ? "yes" : "NO");
    CHECK(zero);
    brk(start);

    /* malloc: many small blocks (from the brk heap), a few big ones
     * (above the mmap threshold), realloc growing and shrinking. */
    enum { N = 2000 };
    static unsigned char *blk[N];
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        size_t sz = 1 + (i * 37) % 300;
        blk[i] = malloc(sz);
        CHECK(blk[i] != NULL);
        memset(blk[i], i & 0xff, sz);
    }
    for (int i = 0; i < N; i += 2) {
        free(blk[i]);
        blk[i] = NULL;
    }
    for (int i = 1; i < N; i += 2) {
        size_t sz = 1 + (i * 37) % 300;
        for (size_t k = 0; k < sz; k++) {
            h = mix64(h, blk[i][k] == (i & 0xff));
        }
        blk[i] = realloc(blk[i], sz * 3);
        memset(blk[i] + sz, 0xee, sz * 2);
        h = mix64(h, blk[i][0]);
        free(blk[i]);
    }
    printf("small blocks %016" PRIx64 "\n", h);

    for (int i = 0; i < 4; i++) {
        size_t sz = (size_t)(1 + i) << 20;
        unsigned char *b = malloc(sz);
        CHECK(b != NULL);
        for (size_t k = 0; k < sz; k += 4096) {
            b[k] = (unsigned char)(k >> 12);
        }
        b = realloc(b, sz * 2);
        uint64_t s = 0;
        for (size_t k = 0; k < sz; k += 4096) {
            s += b[k];
        }
        printf("big block of %zu MiB: sum %" PRIu64 "\n", sz >> 20, s);
        b = realloc(b, 100);
        free(b);
    }
    void *c = calloc(1000, 1000);
    int cz = 1;
    for (int i = 0; i < 1000000; i += 999) {
        cz &= ((unsigned char *)c)[i] == 0;
    }
    printf("calloc is zeroed: %s\n", cz ? "yes" : "NO");
    CHECK(cz);
    free(c);
    return guest_exit();
}
