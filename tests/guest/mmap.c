/* Memory mappings: anonymous and file-backed (private and shared),
 * mprotect, partial munmap, MAP_FIXED, big sparse mappings. Prints no
 * addresses (each emulator places mappings itself) unless run as
 * "mmap --layout"; "mmap DIR" puts its file in DIR (else /tmp). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "guest-util.h"

#define PAGE 4096

static uint64_t sum_bytes(const volatile uint8_t *p, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i += 61) {
        h = mix64(h, p[i]);
    }
    return h;
}

int main(int argc, char **argv)
{
    int layout = argc > 1 && !strcmp(argv[1], "--layout");
    const char *dir = argc > 1 && !layout ? argv[1] : "/tmp";
    char path[4096];

    /* Anonymous memory starts zeroed and keeps what is written. */
    size_t len = 16 * PAGE;
    uint8_t *a = mmap(NULL, len, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(a != MAP_FAILED);
    if (a == MAP_FAILED) {
        return guest_exit();
    }
    if (layout) {
        printf("layout: first anonymous mmap at %p\n", (void *)a);
    }
    CHECK((uintptr_t)a % PAGE == 0);
    int zero = 1;
    for (size_t i = 0; i < len; i++) {
        zero &= a[i] == 0;
    }
    printf("anonymous mapping is zeroed: %s\n", zero ? "yes" : "NO");
    CHECK(zero);
    for (size_t i = 0; i < len; i++) {
        a[i] = (uint8_t)(i * 7 + (i >> 12));
    }
    printf("anonymous contents %016" PRIx64 "\n", sum_bytes(a, len));

    /* mprotect: read-only still reads. */
    printf("mprotect read-only: %d\n", mprotect(a, 4 * PAGE, PROT_READ));
    printf("still readable %016" PRIx64 "\n", sum_bytes(a, 4 * PAGE));
    printf("mprotect back: %d\n",
           mprotect(a, 4 * PAGE, PROT_READ | PROT_WRITE));
    a[5] = 0x55;

    /* Unmap a hole in the middle, map it again at the same place. */
    printf("munmap middle: %d\n", munmap(a + 4 * PAGE, 2 * PAGE));
    uint8_t *f = mmap(a + 4 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED lands where asked: %s\n",
           f == a + 4 * PAGE ? "yes" : "NO");
    CHECK(f == a + 4 * PAGE);
    printf("refilled hole is zeroed: %s\n",
           f[0] == 0 && f[2 * PAGE - 1] == 0 ? "yes" : "NO");
    printf("neighbours kept: %d %d\n", a[4 * PAGE - 1], a[6 * PAGE]);
    printf("munmap all: %d\n", munmap(a, len));

    /* Bad arguments fail with the kernel's errors. */
    errno = 0;
    void *bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap length 0: %s (%s)\n", bad == MAP_FAILED ? "fails" : "WORKS",
           strerror(errno));
    errno = 0;
    printf("munmap unaligned: %d (%s)\n", munmap(a + 1, PAGE), strerror(errno));
    errno = 0;
    bad = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 99, 0);
    printf("mmap bad fd: %s (%s)\n", bad == MAP_FAILED ? "fails" : "WORKS",
           strerror(errno));

    /* A large mapping touched sparsely: only the touched pages cost. */
    size_t big = 256u << 20;
    uint8_t *g = mmap(NULL, big, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(g != MAP_FAILED);
    if (g != MAP_FAILED) {
        uint64_t h = 0;
        for (size_t off = 0; off < big; off += 1u << 20) {
            g[off] = (uint8_t)(off >> 20);
            g[off + 4095] = 0xaa;
        }
        for (size_t off = 0; off < big; off += 1u << 20) {
            h = mix64(h, g[off] + g[off + 4095] + g[off + 4096]);
        }
        printf("256 MiB sparse mapping %016" PRIx64 "\n", h);
        printf("madvise DONTNEED returns %d\n",
               madvise(g, 1u << 20, MADV_DONTNEED));
        munmap(g, big);
    }

    /* File-backed mappings. */
    snprintf(path, sizeof path, "%s/emu-mmap-test.%d", dir, (int)getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    if (fd < 0) {
        printf("open %s: %s\n", path, strerror(errno));
        return guest_exit();
    }
    unlink(path);               /* the open descriptor keeps it alive */
    char text[3 * PAGE];
    for (size_t i = 0; i < sizeof text; i++) {
        text[i] = 'a' + i % 26;
    }
    CHECK(write(fd, text, sizeof text - 100) == sizeof text - 100);

    /* Private: sees the file, the tail of the last page is zero, and
     * writes stay in the mapping. */
    char *m = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(m != MAP_FAILED);
    if (m != MAP_FAILED) {
        printf("private file mapping matches the file: %s\n",
               memcmp(m, text, sizeof text - 100) ? "NO" : "yes");
        printf("past end of file reads %d %d\n", m[sizeof text - 100],
               m[3 * PAGE - 1]);
        m[0] = 'Z';
        char c;
        pread(fd, &c, 1, 0);
        printf("private write reaches the file: %s\n", c == 'Z' ? "YES" : "no");
        munmap(m, 3 * PAGE);
    }

    /* At an offset: page 1 of the file. */
    m = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
    CHECK(m != MAP_FAILED);
    if (m != MAP_FAILED) {
        printf("offset mapping starts with %.8s\n", m);
        munmap(m, PAGE);
    }

    /* Shared: writes reach the file. */
    m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(m != MAP_FAILED);
    if (m != MAP_FAILED) {
        memcpy(m + 10, "SHARED", 6);
        char back[7] = {0};
        pread(fd, back, 6, 10);
        printf("shared write reaches the file: \"%s\"\n", back);
        munmap(m, PAGE);
    }
    close(fd);

    return guest_exit();
}
