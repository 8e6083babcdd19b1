/* Unit tests for guest memory: where mappings land (as qemu-aarch64 7.2
 * places them), page flags, munmap, mprotect, mremap and brk. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "src/guest-mem.h"

#define PG GUEST_PAGE_SIZE
#define BASE 0x5500000000ull
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* Every test starts from an empty address space (also without fork). */
static void setup(void)
{
    guest_mem_init();
    guest_munmap(PG, GUEST_ADDR_LIMIT - PG);
    guest_mmap_base = BASE;
    guest_code_write_hook = NULL;
    guest_brk_init(0);
}

START_TEST(test_first_mappings_follow_qemu)
{
    /* qemu-aarch64 7.2 on a static program: the stack (8 MiB and a guard
     * page) at 0x5500000000, its signal trampoline page, then the
     * program's mmaps one after the other; a freed hole is not reused. */
    ck_assert_uint_eq(guest_mmap(0, 8 * 1024 * 1024 + PG, RW, ANON, -1, 0),
                      BASE);
    ck_assert_uint_eq(guest_mmap(0, PG, RW, ANON, -1, 0), BASE + 0x801000);
    ck_assert_uint_eq(guest_mmap(0, PG, RW, ANON, -1, 0), BASE + 0x802000);
    ck_assert_uint_eq(guest_mmap(0, 3 * PG, RW, ANON, -1, 0),
                      BASE + 0x803000);
    ck_assert_int_eq(guest_munmap(BASE + 0x802000, PG), 0);
    ck_assert_uint_eq(guest_mmap(0, PG, RW, ANON, -1, 0), BASE + 0x806000);
    ck_assert_uint_eq(guest_mmap(0, 200704, RW, ANON, -1, 0),
                      BASE + 0x807000);
}
END_TEST

START_TEST(test_search_skips_mappings)
{
    /* A fixed mapping where the next one would go is stepped over. */
    ck_assert_uint_eq(guest_mmap(BASE + PG, PG, RW, ANON | MAP_FIXED, -1, 0),
                      BASE + PG);
    ck_assert_uint_eq(guest_mmap(0, 2 * PG, RW, ANON, -1, 0),
                      BASE + 2 * PG);
    /* One page fits in front of it. */
    guest_mmap_base = BASE;
    ck_assert_uint_eq(guest_mmap(0, PG, RW, ANON, -1, 0), BASE);
    /* A large request crosses 64 MiB table leaves. */
    ck_assert_uint_eq(guest_mmap(0, 200ull << 20, RW, ANON | MAP_NORESERVE,
                                 -1, 0), BASE + 4 * PG);
}
END_TEST

START_TEST(test_flags_and_access)
{
    int64_t a = guest_mmap(0, 2 * PG, PROT_READ | PROT_EXEC, ANON, -1, 0);

    ck_assert_int_gt(a, 0);
    ck_assert_int_eq(guest_page_flags(a),
                     PAGE_VALID | PAGE_READ | PAGE_EXEC);
    ck_assert_int_eq(guest_page_flags(a + 2 * PG), 0);
    ck_assert(guest_access_ok(a, 2 * PG, PAGE_READ));
    ck_assert(guest_access_ok(a + 5, 100, PAGE_READ | PAGE_EXEC));
    ck_assert(!guest_access_ok(a, 2 * PG, PAGE_WRITE));
    ck_assert(!guest_access_ok(a + PG, PG + 1, PAGE_READ));
    ck_assert(!guest_access_ok(GUEST_ADDR_LIMIT - 8, 16, 0));
    ck_assert(!guest_access_ok(~0ull - 4, 8, 0));
    ck_assert_int_eq(guest_page_flags(GUEST_ADDR_LIMIT), 0);
    /* Fresh anonymous memory reads as zero. */
    ck_assert_int_eq(*(uint8_t *)g2h(a + 123), 0);
}
END_TEST

START_TEST(test_fixed_and_noreplace)
{
    uint64_t at = 0x10000000;
    uint8_t b = 0x5a;

    ck_assert_uint_eq(guest_mmap(at, 4 * PG, RW, ANON | MAP_FIXED, -1, 0),
                      at);
    ck_assert(guest_write(at + PG, &b, 1));
    ck_assert_int_eq(guest_mmap(at + PG, PG, RW,
                                ANON | MAP_FIXED_NOREPLACE, -1, 0),
                     -EEXIST);
    /* MAP_FIXED replaces: the new page is zero again. */
    ck_assert_uint_eq(guest_mmap(at + PG, PG, PROT_READ, ANON | MAP_FIXED,
                                 -1, 0), at + PG);
    ck_assert_int_eq(*(uint8_t *)g2h(at + PG), 0);
    ck_assert_int_eq(guest_page_flags(at + PG), PAGE_VALID | PAGE_READ);
    ck_assert_int_eq(guest_page_flags(at), PAGE_VALID | RW);
    ck_assert_uint_eq(guest_mmap(at + 8 * PG, PG, RW,
                                 ANON | MAP_FIXED_NOREPLACE, -1, 0),
                      at + 8 * PG);
}
END_TEST

START_TEST(test_hint)
{
    uint64_t at = 0x20000000;

    /* A free hint is taken; a taken one is not, and no error. */
    ck_assert_uint_eq(guest_mmap(at, PG, RW, ANON, -1, 0), at);
    ck_assert_uint_eq(guest_mmap(at, PG, RW, ANON, -1, 0), BASE);
    /* An unaligned hint is rounded up. */
    ck_assert_uint_eq(guest_mmap(at + 2 * PG + 1, PG, RW, ANON, -1, 0),
                      at + 3 * PG);
}
END_TEST

START_TEST(test_mmap_errors)
{
    ck_assert_int_eq(guest_mmap(0, 0, RW, ANON, -1, 0), -EINVAL);
    ck_assert_int_eq(guest_mmap(0, PG, RW, MAP_ANONYMOUS, -1, 0), -EINVAL);
    ck_assert_int_eq(guest_mmap(0, PG, RW, ANON, -1, 100), -EINVAL);
    ck_assert_int_eq(guest_mmap(0, PG, 0x40, ANON, -1, 0), -EINVAL);
    ck_assert_int_eq(guest_mmap(0x10000001, PG, RW, ANON | MAP_FIXED, -1, 0),
                     -EINVAL);
    ck_assert_int_eq(guest_mmap(GUEST_ADDR_LIMIT - PG, 2 * PG, RW,
                                ANON | MAP_FIXED, -1, 0), -ENOMEM);
    ck_assert_int_eq(guest_mmap(0, ~0ull, RW, ANON, -1, 0), -ENOMEM);
    ck_assert_int_eq(guest_mmap(0, PG, RW, ANON | MAP_FIXED, -1, 0), -EPERM);
    ck_assert_int_eq(guest_mmap(0, PG, PROT_READ, MAP_PRIVATE, 12345, 0),
                     -EBADF);
}
END_TEST

START_TEST(test_file_mapping)
{
    char path[] = "/tmp/emu-test-mmap-XXXXXX";
    int fd = mkstemp(path);
    char data[2 * 4096];
    int64_t a;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    for (size_t i = 0; i < sizeof(data); i++) {
        data[i] = (char)(i * 7);
    }
    ck_assert_int_eq(write(fd, data, sizeof(data)), sizeof(data));
    a = guest_mmap(0, PG, PROT_READ, MAP_PRIVATE, fd, PG);
    ck_assert_int_gt(a, 0);
    ck_assert_mem_eq(g2h(a), data + PG, PG);

    /* MAP_SHARED writes reach the file. */
    a = guest_mmap(0, 2 * PG, RW, MAP_SHARED, fd, 0);
    ck_assert_int_gt(a, 0);
    ck_assert(guest_write(a + 10, "hello", 5));
    ck_assert_int_eq(pread(fd, data, 5, 10), 5);
    ck_assert_mem_eq(data, "hello", 5);
    close(fd);
}
END_TEST

START_TEST(test_munmap)
{
    int64_t a = guest_mmap(0, 4 * PG, RW, ANON, -1, 0);

    ck_assert_int_eq(guest_munmap(a + PG, 2 * PG), 0);
    ck_assert_int_eq(guest_page_flags(a), PAGE_VALID | RW);
    ck_assert_int_eq(guest_page_flags(a + PG), 0);
    ck_assert_int_eq(guest_page_flags(a + 2 * PG), 0);
    ck_assert_int_eq(guest_page_flags(a + 3 * PG), PAGE_VALID | RW);
    ck_assert(!guest_access_ok(a, 2 * PG, PAGE_READ));
    /* Unmapping nothing is fine; bad arguments are not. */
    ck_assert_int_eq(guest_munmap(a + PG, PG), 0);
    ck_assert_int_eq(guest_munmap(a + 1, PG), -EINVAL);
    ck_assert_int_eq(guest_munmap(a, 0), -EINVAL);
    ck_assert_int_eq(guest_munmap(GUEST_ADDR_LIMIT - PG, 2 * PG), -EINVAL);
    /* The length is rounded up to whole pages. */
    ck_assert_int_eq(guest_munmap(a, 1), 0);
    ck_assert_int_eq(guest_page_flags(a), 0);
}
END_TEST

START_TEST(test_mprotect)
{
    int64_t a = guest_mmap(0, 3 * PG, RW, ANON, -1, 0);
    uint8_t b = 1;

    ck_assert_int_eq(guest_mprotect(a + PG, PG, PROT_READ), 0);
    ck_assert_int_eq(guest_page_flags(a + PG), PAGE_VALID | PAGE_READ);
    ck_assert(!guest_write(a + PG, &b, 1));
    ck_assert(guest_write(a, &b, 1));
    /* The host protection follows: the kernel refuses to write there. */
    {
        int p[2];

        ck_assert_int_eq(pipe(p), 0);
        ck_assert_int_eq(write(p[1], "xy", 2), 2);
        ck_assert_int_eq(read(p[0], g2h(a + PG), 1), -1);
        ck_assert_int_eq(errno, EFAULT);
        ck_assert_int_eq(read(p[0], g2h(a), 1), 1);
        close(p[0]);
        close(p[1]);
    }
    ck_assert_int_eq(guest_mprotect(a, 3 * PG, PROT_READ | PROT_EXEC), 0);
    ck_assert_int_eq(guest_page_flags(a + 2 * PG),
                     PAGE_VALID | PAGE_READ | PAGE_EXEC);
    ck_assert_int_eq(guest_mprotect(a, 4 * PG, PROT_READ), -ENOMEM);
    ck_assert_int_eq(guest_mprotect(a + 1, PG, PROT_READ), -EINVAL);
    ck_assert_int_eq(guest_mprotect(a, PG, 0x100), -EINVAL);
    ck_assert_int_eq(guest_mprotect(a, 0, PROT_READ), 0);
    ck_assert_int_eq(guest_mprotect(a, PG, PROT_NONE), 0);
    ck_assert_int_eq(guest_page_flags(a), PAGE_VALID);
    ck_assert(guest_access_ok(a, 1, 0));
    ck_assert(!guest_access_ok(a, 1, PAGE_READ));
}
END_TEST

static uint64_t hook_start, hook_len;
static int hook_calls;

static void hook(uint64_t start, uint64_t len)
{
    hook_start = start;
    hook_len = len;
    hook_calls++;
}

START_TEST(test_code_hook)
{
    int64_t a = guest_mmap(0, 2 * PG, RW | PROT_EXEC, ANON, -1, 0);
    uint32_t insn = 0xd503201f;

    guest_code_write_hook = hook;
    hook_calls = 0;
    guest_page_set_flags(a, PG, guest_page_flags(a) | PAGE_CODE);
    /* No code on the second page: no call. */
    ck_assert(guest_write(a + PG, &insn, 4));
    ck_assert_int_eq(hook_calls, 0);
    ck_assert(guest_write(a + 8, &insn, 4));
    ck_assert_int_eq(hook_calls, 1);
    ck_assert_uint_eq(hook_start, (uint64_t)a);
    ck_assert_int_eq(guest_page_flags(a) & PAGE_CODE, 0);

    /* Same permissions again: code stays; losing exec: the hook. */
    guest_page_set_flags(a, PG, guest_page_flags(a) | PAGE_CODE);
    ck_assert_int_eq(guest_mprotect(a, PG, RW | PROT_EXEC), 0);
    ck_assert_int_eq(hook_calls, 1);
    ck_assert_int_ne(guest_page_flags(a) & PAGE_CODE, 0);
    ck_assert_int_eq(guest_mprotect(a, PG, RW), 0);
    ck_assert_int_eq(hook_calls, 2);

    guest_page_set_flags(a, PG, guest_page_flags(a) | PAGE_CODE);
    ck_assert_int_eq(guest_munmap(a, 2 * PG), 0);
    ck_assert_int_eq(hook_calls, 3);
    ck_assert_uint_eq(hook_len, 2 * PG);
}
END_TEST

START_TEST(test_mremap)
{
    int64_t a = guest_mmap(0, 2 * PG, RW, ANON, -1, 0), b, c;
    uint64_t v = 0x1122334455667788ull, r = 0;

    ck_assert(guest_write(a + PG + 8, &v, 8));
    /* Room after it: grows in place. */
    ck_assert_uint_eq(guest_mremap(a, 2 * PG, 4 * PG, 0, 0), (uint64_t)a);
    ck_assert_int_eq(guest_page_flags(a + 3 * PG), PAGE_VALID | RW);
    ck_assert(guest_read(a + PG + 8, &r, 8));
    ck_assert_uint_eq(r, v);

    /* Blocked: without MAYMOVE it fails. */
    b = guest_mmap(a + 4 * PG, PG, PROT_READ, ANON | MAP_FIXED, -1, 0);
    ck_assert_uint_eq(b, a + 4 * PG);
    ck_assert_int_eq(guest_mremap(a, 4 * PG, 8 * PG, 0, 0), -ENOMEM);
    /* With MAYMOVE the data moves to where mmap(NULL) would go next, as
     * qemu-aarch64 7.2 does. */
    c = guest_mmap(0, PG, RW, ANON, -1, 0);
    ck_assert_uint_eq(c, a + 2 * PG + 3 * PG);
    ck_assert_int_eq(guest_munmap(c, PG), 0);
    b = guest_mremap(a, 4 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
    ck_assert_uint_eq(b, c + PG);
    ck_assert_int_eq(guest_page_flags(a), 0);
    ck_assert_int_eq(guest_page_flags(b + 7 * PG), PAGE_VALID | RW);
    r = 0;
    ck_assert(guest_read(b + PG + 8, &r, 8));
    ck_assert_uint_eq(r, v);
    /* The old place is reserved again: mapping there works. */
    ck_assert_uint_eq(guest_mmap(a, PG, RW, ANON | MAP_FIXED, -1, 0),
                      (uint64_t)a);
    ck_assert_uint_eq(guest_mmap(0, PG, RW, ANON, -1, 0), b + 8 * PG);

    /* Shrinking in place unmaps the tail; with MAYMOVE it moves too. */
    ck_assert_uint_eq(guest_mremap(b, 8 * PG, 4 * PG, 0, 0), (uint64_t)b);
    ck_assert_int_eq(guest_page_flags(b + 4 * PG), 0);
    c = guest_mremap(b, 4 * PG, 2 * PG, MREMAP_MAYMOVE, 0);
    ck_assert_uint_eq(c, b + 9 * PG);
    ck_assert(guest_read(c + PG + 8, &r, 8));
    ck_assert_uint_eq(r, v);
    ck_assert_uint_eq(guest_mremap(c, 2 * PG, 2 * PG,
                                   MREMAP_MAYMOVE | MREMAP_FIXED,
                                   0x30000000), 0x30000000);
    ck_assert(guest_read(0x30000000 + PG + 8, &r, 8));
    ck_assert_uint_eq(r, v);
    ck_assert_int_eq(guest_page_flags(c), 0);

    ck_assert_int_eq(guest_mremap(0x40000000, PG, 2 * PG, MREMAP_MAYMOVE, 0),
                     -EFAULT);
    ck_assert_int_eq(guest_mremap(b, PG, PG, MREMAP_FIXED, 0x50000000),
                     -EINVAL);
    ck_assert_int_eq(guest_mremap(0x30000000, 2 * PG, 0, MREMAP_MAYMOVE, 0),
                     -EINVAL);
}
END_TEST

START_TEST(test_brk)
{
    uint64_t start = 0x498000, end;
    uint8_t b = 0xaa, z = 1;

    guest_brk_init(start);
    ck_assert_uint_eq(guest_brk(0), start);
    ck_assert_uint_eq(guest_brk(start + 0xaf0), start + 0xaf0);
    ck_assert_int_eq(guest_page_flags(start), PAGE_VALID | RW);
    ck_assert_uint_eq(guest_brk(start + 0x21af0), start + 0x21af0);
    ck_assert(guest_access_ok(start, 0x21af0, PAGE_WRITE));
    /* Below the start: refused, the current break comes back. */
    ck_assert_uint_eq(guest_brk(start - PG), start + 0x21af0);

    /* Shrinking and growing again gives zeroed memory. */
    ck_assert(guest_write(start + 0x100, &b, 1));
    ck_assert_uint_eq(guest_brk(start + 0x80), start + 0x80);
    ck_assert_uint_eq(guest_brk(start + 0x200), start + 0x200);
    ck_assert(guest_read(start + 0x100, &z, 1));
    ck_assert_int_eq(z, 0);

    /* It never grows over another mapping. */
    end = start + 0x22000;
    ck_assert_uint_eq(guest_mmap(end + 4 * PG, PG, RW, ANON | MAP_FIXED, -1,
                                 0), end + 4 * PG);
    ck_assert_uint_eq(guest_brk(end + 3 * PG), end + 3 * PG);
    ck_assert_uint_eq(guest_brk(end + 6 * PG), end + 3 * PG);
    ck_assert_uint_eq(guest_brk(end + 4 * PG), end + 4 * PG);
}
END_TEST

START_TEST(test_strings)
{
    int64_t a = guest_mmap(0, 2 * PG, RW, ANON, -1, 0);
    char buf[8];

    /* A string running into an unmapped page is a fault. */
    memset(g2h(a + PG), 'x', PG);
    ck_assert_int_eq(guest_munmap(a + 2 * PG, PG), 0);
    /* One that crosses a page boundary is fine. */
    ck_assert(guest_write(a + PG - 3, "abcdef", 7));
    ck_assert_int_eq(guest_strlen(a + PG - 3), 6);
    ck_assert_int_eq(guest_strlen(a), 0);
    ck_assert_int_eq(guest_strlen(a + PG + 5), -1);
    ck_assert_int_eq(guest_strlen(GUEST_ADDR_LIMIT + 5), -1);
    ck_assert(!guest_read(a + 2 * PG - 4, buf, 8));
    ck_assert(guest_read(a + PG - 3, buf, 7));
    ck_assert_str_eq(buf, "abcdef");
}
END_TEST

static Suite *mmap_suite(void)
{
    Suite *s = suite_create("mmap");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_first_mappings_follow_qemu);
    tcase_add_test(tc, test_search_skips_mappings);
    tcase_add_test(tc, test_flags_and_access);
    tcase_add_test(tc, test_fixed_and_noreplace);
    tcase_add_test(tc, test_hint);
    tcase_add_test(tc, test_mmap_errors);
    tcase_add_test(tc, test_file_mapping);
    tcase_add_test(tc, test_munmap);
    tcase_add_test(tc, test_mprotect);
    tcase_add_test(tc, test_code_hook);
    tcase_add_test(tc, test_mremap);
    tcase_add_test(tc, test_brk);
    tcase_add_test(tc, test_strings);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mmap_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
